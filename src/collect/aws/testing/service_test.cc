#include "collect/aws/testing/service_test.h"
