/* agent_proto_test.c - the agent protocol's framing, hex and HMAC. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_proto.h"

START_TEST(test_lines_partial)
{
	struct tc_agent_lbuf lb;
	char line[TC_AGENT_LINE_MAX];
	struct tc_diag d;

	tc_diag_init(&d);
	tc_agent_lbuf_init(&lb);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, "OK 1", 4, &d), TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_AGAIN);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, "2\nEOF\nDA", 8, &d), TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_OK);
	ck_assert_str_eq(line, "OK 12");
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_OK);
	ck_assert_str_eq(line, "EOF");
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_AGAIN);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, "TA 00\n", 6, &d), TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_OK);
	ck_assert_str_eq(line, "DATA 00");
}
END_TEST

START_TEST(test_lines_limits)
{
	static char big[TC_AGENT_LINE_MAX + 1];
	struct tc_agent_lbuf lb;
	char line[TC_AGENT_LINE_MAX];
	struct tc_diag d;

	tc_diag_init(&d);
	/* 4095 bytes and '\n': exactly the limit. */
	memset(big, 'a', sizeof(big));
	big[TC_AGENT_LINE_MAX - 1] = '\n';
	tc_agent_lbuf_init(&lb);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, big, TC_AGENT_LINE_MAX, &d),
	    TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_OK);
	ck_assert_uint_eq(strlen(line), TC_AGENT_LINE_MAX - 1);
	/* 4096 bytes without '\n': too long. */
	memset(big, 'a', sizeof(big));
	tc_agent_lbuf_init(&lb);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, big, TC_AGENT_LINE_MAX, &d),
	    TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_LIMIT);
	ck_assert_int_eq(tc_agent_lbuf_put(&lb, "x", 1, &d), TC_ERR_LIMIT);
	/* A control byte, a NUL, a high byte: refused. */
	tc_agent_lbuf_init(&lb);
	tc_agent_lbuf_put(&lb, "OK\r\n", 4, &d);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_INVAL);
	tc_agent_lbuf_init(&lb);
	tc_agent_lbuf_put(&lb, "O\0K\n", 4, &d);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_INVAL);
	tc_agent_lbuf_init(&lb);
	tc_agent_lbuf_put(&lb, "\xc3\xa9\n", 3, &d);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_ERR_INVAL);
}
END_TEST

START_TEST(test_lines_fill)
{
	struct tc_agent_lbuf lb;
	char line[TC_AGENT_LINE_MAX];
	struct tc_diag d;
	int p[2];

	tc_diag_init(&d);
	tc_agent_lbuf_init(&lb);
	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(tc_agent_lbuf_fill(&lb, p[0], &d), TC_ERR_AGAIN);
	ck_assert_int_eq(write(p[1], "STATE LISTEN\n", 13), 13);
	ck_assert_int_eq(tc_agent_lbuf_fill(&lb, p[0], &d), TC_OK);
	ck_assert_int_eq(tc_agent_lbuf_take(&lb, line, sizeof(line), &d),
	    TC_OK);
	ck_assert_str_eq(line, "STATE LISTEN");
	close(p[1]);
	ck_assert_int_eq(tc_agent_lbuf_fill(&lb, p[0], &d), TC_ERR_SYS);
	ck_assert_int_eq(d.sys_errno, 0);
	close(p[0]);
}
END_TEST

START_TEST(test_words)
{
	char l1[] = "LISTEN srv 80 16", l2[] = "A  B", l3[] = "A ", l4[] = "";
	char l5[] = "a b c d e";
	char *w[4];
	size_t n;

	ck_assert_int_eq(tc_agent_words(l1, w, 4, &n, NULL), TC_OK);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(w[0], "LISTEN");
	ck_assert_str_eq(w[3], "16");
	ck_assert_int_eq(tc_agent_words(l2, w, 4, &n, NULL), TC_ERR_INVAL);
	ck_assert_int_eq(tc_agent_words(l3, w, 4, &n, NULL), TC_ERR_INVAL);
	ck_assert_int_eq(tc_agent_words(l4, w, 4, &n, NULL), TC_ERR_INVAL);
	ck_assert_int_eq(tc_agent_words(l5, w, 4, &n, NULL), TC_ERR_LIMIT);
}
END_TEST

START_TEST(test_names_numbers)
{
	unsigned long v;

	ck_assert(tc_agent_name_valid("srv"));
	ck_assert(tc_agent_name_valid("_c9"));
	ck_assert(tc_agent_name_valid("abcdefghijklmnopqrstuvwxyz01234"));
	ck_assert(!tc_agent_name_valid("abcdefghijklmnopqrstuvwxyz012345"));
	ck_assert(!tc_agent_name_valid("9c"));
	ck_assert(!tc_agent_name_valid("a-b"));
	ck_assert(!tc_agent_name_valid(""));
	ck_assert(!tc_agent_name_valid(NULL));
	ck_assert(tc_agent_num("65535", 65535, &v) && v == 65535);
	ck_assert(!tc_agent_num("65536", 65535, &v));
	ck_assert(!tc_agent_num("-1", 65535, &v));
	ck_assert(!tc_agent_num("1x", 65535, &v));
	ck_assert(!tc_agent_num("", 65535, &v));
	ck_assert(!tc_agent_num("99999999999999999999", ~0UL, &v));
}
END_TEST

START_TEST(test_hex)
{
	const uint8_t in[] = { 0x00, 0x7f, 0x80, 0xff, 0x0a };
	uint8_t out[8];
	char hex[16];
	size_t n;

	tc_agent_hex_encode(in, sizeof(in), hex);
	ck_assert_str_eq(hex, "007f80ff0a");
	ck_assert(tc_agent_hex_decode(hex, out, sizeof(out), &n));
	ck_assert_uint_eq(n, sizeof(in));
	ck_assert_mem_eq(out, in, sizeof(in));
	ck_assert(tc_agent_hex_decode("ABcd", out, sizeof(out), &n) &&
	    n == 2 && out[0] == 0xab && out[1] == 0xcd);
	ck_assert(tc_agent_hex_decode("", out, sizeof(out), &n) && n == 0);
	ck_assert(!tc_agent_hex_decode("abc", out, sizeof(out), &n));
	ck_assert(!tc_agent_hex_decode("zz", out, sizeof(out), &n));
	ck_assert(!tc_agent_hex_decode("000102", out, 2, &n));
}
END_TEST

/* RFC 4231 test case 2, then the AUTH value and its check. */
START_TEST(test_hmac)
{
	static const char want[] = "5bdcc146bf60754e6a042426089575c75a003f08"
	    "9d2739839dec58b964ec3843";
	const uint8_t secret[] = "0123456789abcdef";
	char hex[65], mac[TC_AGENT_MAC_HEX + 1], nonce[TC_AGENT_NONCE_HEX + 1];
	uint8_t out[32];

	tc_agent_hmac((const uint8_t *)"Jefe", 4,
	    "what do ya want for nothing?", 28, out);
	tc_agent_hex_encode(out, sizeof(out), hex);
	ck_assert_str_eq(hex, want);

	tc_agent_nonce(nonce);
	ck_assert_uint_eq(strlen(nonce), TC_AGENT_NONCE_HEX);
	tc_agent_auth_mac(secret, 16, nonce, mac);
	ck_assert(tc_agent_auth_check(secret, 16, nonce, mac));
	mac[0] = mac[0] == '0' ? '1' : '0';
	ck_assert(!tc_agent_auth_check(secret, 16, nonce, mac));
	ck_assert(!tc_agent_auth_check(secret, 16, nonce, "00"));
	/* HMAC(secret, "tcpconform-agent 1 " + nonce), by definition. */
	tc_agent_hmac(secret, 16, "tcpconform-agent 1 "
	    "00000000000000000000000000000000", 51, out);
	tc_agent_hex_encode(out, sizeof(out), hex);
	tc_agent_auth_mac(secret, 16, "00000000000000000000000000000000",
	    mac);
	ck_assert_str_eq(hex, mac);
}
END_TEST

START_TEST(test_secret_file)
{
	char path[] = "/tmp/agent_proto_testXXXXXX";
	uint8_t buf[TC_AGENT_SECRET_MAX];
	struct tc_diag d;
	size_t len;
	int fd;

	tc_diag_init(&d);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "0123456789abcdef\n", 17), 17);
	close(fd);
	ck_assert_int_eq(tc_agent_secret_read(path, buf, sizeof(buf), &len,
	    &d), TC_OK);
	ck_assert_uint_eq(len, 16);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, "short\n", 6), 6);
	close(fd);
	ck_assert_int_eq(tc_agent_secret_read(path, buf, sizeof(buf), &len,
	    &d), TC_ERR_INVAL);
	unlink(path);
	ck_assert_int_eq(tc_agent_secret_read(path, buf, sizeof(buf), &len,
	    &d), TC_ERR_SYS);
}
END_TEST

START_TEST(test_errnos)
{
	ck_assert_str_eq(tc_agent_errno_name(ECONNRESET), "ECONNRESET");
	ck_assert_int_eq(tc_agent_errno_parse("ECONNRESET"), ECONNRESET);
	ck_assert_int_eq(tc_agent_errno_parse("EOPNOTSUPP"), ENOTSUP);
	ck_assert_int_eq(tc_agent_errno_parse("ENOSUCH"), 0);
	ck_assert_str_eq(tc_agent_errno_name(12345), "EIO");
}
END_TEST

static Suite *
agent_proto_suite(void)
{
	Suite *s = suite_create("agent_proto");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_lines_partial);
	tcase_add_test(tc, test_lines_limits);
	tcase_add_test(tc, test_lines_fill);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_names_numbers);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_hmac);
	tcase_add_test(tc, test_secret_file);
	tcase_add_test(tc, test_errnos);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(agent_proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
