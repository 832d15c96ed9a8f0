/* xmlesc.c - XML 1.0 escaping of untrusted text, and a strict UTF-8 reader. */
#include "xmlesc.h"

#include <stdbool.h>

static void	escape(FILE *f, const char *s, bool attr);

/* RFC 3629 section 4: the well-formed byte sequences, and nothing else. */
uint32_t
tc_xmlesc_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp, min;
	int n, i;

	if (p[0] == 0)
		return 0;
	if (p[0] < 0x80) {
		(*s)++;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 1;
		cp = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 2;
		cp = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 3;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	/* A NUL is not a continuation byte, so this never reads past it. */
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		goto bad;
	*s += n + 1;
	return cp;
bad:
	(*s)++;
	return TC_XMLESC_REPLACEMENT;
}

void
tc_xmlesc_put_utf8(FILE *f, uint32_t cp)
{
	if (cp < 0x80) {
		putc((int)cp, f);
	} else if (cp < 0x800) {
		putc((int)(0xC0 | cp >> 6), f);
		putc((int)(0x80 | (cp & 0x3F)), f);
	} else if (cp < 0x10000) {
		putc((int)(0xE0 | cp >> 12), f);
		putc((int)(0x80 | (cp >> 6 & 0x3F)), f);
		putc((int)(0x80 | (cp & 0x3F)), f);
	} else {
		putc((int)(0xF0 | cp >> 18), f);
		putc((int)(0x80 | (cp >> 12 & 0x3F)), f);
		putc((int)(0x80 | (cp >> 6 & 0x3F)), f);
		putc((int)(0x80 | (cp & 0x3F)), f);
	}
}

/* XML 1.0 section 2.2, production [2] Char. */
static bool
xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == 0x9 || cp == 0xA || cp == 0xD;
	return cp != 0xFFFE && cp != 0xFFFF;
}

static void
escape(FILE *f, const char *s, bool attr)
{
	uint32_t cp;

	if (s == NULL)
		return;
	while ((cp = tc_xmlesc_utf8_next(&s)) != 0) {
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '\r':
			fputs("&#13;", f);
			break;
		case '\t':
			fputs(attr ? "&#9;" : "\t", f);
			break;
		case '\n':
			fputs(attr ? "&#10;" : "\n", f);
			break;
		default:
			tc_xmlesc_put_utf8(f, xml_char(cp) ? cp :
			    TC_XMLESC_REPLACEMENT);
			break;
		}
	}
}

void
tc_xmlesc_text(FILE *f, const char *s)
{
	escape(f, s, false);
}

void
tc_xmlesc_attr(FILE *f, const char *s)
{
	escape(f, s, true);
}
