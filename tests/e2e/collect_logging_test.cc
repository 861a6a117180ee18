#include "e2e/collect_fixture.h"
