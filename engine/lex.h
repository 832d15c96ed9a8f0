/* lex.h - the testcase script lexer: line-oriented tokens with positions. */
#ifndef TC_LEX_H
#define TC_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* ORDER TOKENS: keep in step with token_names[] in lex.c. */
enum tc_tok {
	TC_TOK_EOF,
	TC_TOK_NEWLINE,
	TC_TOK_IDENT,
	TC_TOK_NUMBER,
	TC_TOK_DURATION,
	TC_TOK_STRING,
	TC_TOK_EQ,		/* = */
	TC_TOK_NE,		/* != */
	TC_TOK_LT,		/* < */
	TC_TOK_LE,		/* <= */
	TC_TOK_GT,		/* > */
	TC_TOK_GE,		/* >= */
	TC_TOK_PLUS,
	TC_TOK_MINUS,
	TC_TOK_STAR,
	TC_TOK_SLASH,
	TC_TOK_LPAREN,
	TC_TOK_RPAREN,
	TC_TOK_COMMA,
	TC_TOK_DOT,
	TC_TOK_DOTDOT,
	TC_TOK_PIPE,
	TC_TOK_COLON,
	TC_TOK_BANG,		/* ! */
	TC_TOK_COUNT
};

#define TC_LEX_STRMAX	1024	/* longest decoded string literal */

struct tc_token {
	enum tc_tok	kind;
	unsigned	line;
	unsigned	col;
	const char	*start;		/* (borrowed) into the source */
	size_t		len;
	bool		space_before;	/* whitespace precedes the token */
	uint64_t	num;		/* NUMBER */
	int64_t		ns;		/* DURATION, in nanoseconds */
	uint8_t		str[TC_LEX_STRMAX]; /* STRING, decoded */
	size_t		str_len;
};

struct tc_lexer {
	const char	*src;		/* (borrowed) NUL-terminated source */
	const char	*p;
	unsigned	line;
	const char	*line_start;
};

void	tc_lex_init(struct tc_lexer *lx, const char *src);
/*
 * Reads the next token.  Returns TC_ERR_PARSE with diag (line, col, msg)
 * for a malformed token; the lexer then stands after the bad character.
 */
enum tc_err tc_lex_next(struct tc_lexer *lx, struct tc_token *tok,
	    struct tc_diag *diag);
/*
 * Takes the raw rest of the current line (comment and surrounding blanks
 * stripped) for free-text statements such as `ref`; leaves the lexer at
 * the newline.
 */
void	tc_lex_rest(struct tc_lexer *lx, const char **start, size_t *len,
	    unsigned *col);
/* Skips to the start of the next line (error recovery). */
void	tc_lex_skip_line(struct tc_lexer *lx);
const char *tc_lex_token_name(enum tc_tok t);
/* The source line `line` (1-based) without its newline, for carets. */
size_t	tc_lex_source_line(const char *src, unsigned line, const char **out);

#endif /* TC_LEX_H */
