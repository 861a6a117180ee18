// What the unit tests of the service collectors share.
#pragma once
