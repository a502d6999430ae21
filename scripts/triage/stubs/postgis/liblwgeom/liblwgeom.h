/* reached as "../liblwgeom/liblwgeom.h" through -Istubs/postgis/inc: the stub in inc/ */
#include "../inc/liblwgeom.h"
