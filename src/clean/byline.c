/*
 * byline.c -- author and date from the lines of an article's text ("By
 * Jane Roe", "June 3, 2025"), for documents whose metadata did not say.
 */
#include "clean/clean.h"

void td_clean_byline(td_doc *d)
{
    (void)d; /* reads nothing yet */
}
