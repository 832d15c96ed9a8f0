/* xmlesc.h - XML 1.0 escaping of untrusted text, and a strict UTF-8 reader. */
#ifndef TC_XMLESC_H
#define TC_XMLESC_H

#include <stdint.h>
#include <stdio.h>

#define TC_XMLESC_REPLACEMENT	0xFFFDu	/* U+FFFD REPLACEMENT CHARACTER */

/*
 * Decodes the code point at *s and advances *s past it.  Anything that is
 * not well-formed UTF-8 (a stray byte, an overlong form, a surrogate, a
 * value past U+10FFFF, a truncated sequence) decodes as U+FFFD and
 * advances by one byte, so every input terminates.  At the terminating
 * NUL returns 0 and does not advance.
 */
uint32_t tc_xmlesc_utf8_next(const char **s);
/* Writes cp (<= U+10FFFF, not a surrogate) to f as UTF-8. */
void	tc_xmlesc_put_utf8(FILE *f, uint32_t cp);

/*
 * Write s as XML character data (tc_xmlesc_text) or as the value of an
 * attribute in double quotes (tc_xmlesc_attr).  & < > " ' are escaped;
 * so is CR (a parser would turn it into LF), and in attributes TAB and LF
 * too (a parser would turn them into spaces).  Characters XML 1.0 cannot
 * carry at all (C0 controls but TAB, LF, CR; U+FFFE, U+FFFF) and malformed
 * UTF-8 become U+FFFD, so any input gives well-formed XML.  Write errors
 * stay in ferror(f) for the caller to check.
 */
void	tc_xmlesc_text(FILE *f, const char *s);
void	tc_xmlesc_attr(FILE *f, const char *s);

#endif /* TC_XMLESC_H */
