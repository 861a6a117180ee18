#include "collect/aws/services/query_fields.h"
