#include <libxml/xmlversion.h>
/* The system ICU that libxml2's headers pull in clashes with Foundation's bundled ICU. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
