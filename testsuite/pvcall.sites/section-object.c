/* section.c assembled: pvcall-sites --section=my_sites finds its records.  */
/* { dg-do assemble } */
/* { dg-options "-O2 -fplugin-arg-pvcall-section=my_sites" } */

#include "section.c"

/* { dg-final { pvcall-sites-check 2 my_sites } } */
