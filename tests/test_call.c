/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_call.c: the call layer (incstat/call.h).  Its JSON against the
 * command line's golden JSON outputs (tests/cli/golden), byte for byte; every
 * option the command line takes is taken by name; the command line's
 * messages for bad options; incstat_call_load; allocation failures. */
#include <stdlib.h>

#include "helpers.h"
#include "incstat.h"
#include "api/call_internal.h"
#include "core/internal.h"

#define PBC "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"
#define UCDP "datasets/ucdp_organized_violence_country_year_v25_1.csv"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (!got)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Run command with the n name/value pairs in opts (value NULL: a flag) on
 * the files, and compare with tests/cli/golden/GOLDEN.out. */
static void same_as_golden(const char *golden, const char *command, const char *const *opts,
                           size_t n, const char *file1, const char *file2)
{
    incstat_call *c;
    incstat_error err;
    assert_int_equal(incstat_call_new(command, &c, &err), INCSTAT_OK);
    for (size_t i = 0; i < n; i++)
        if (incstat_call_set(c, opts[2 * i], opts[2 * i + 1], &err) != INCSTAT_OK)
            fail_msg("%s: %s", opts[2 * i], err.message);
    assert_int_equal(incstat_call_add_file(c, file1, &err), INCSTAT_OK);
    if (file2)
        assert_int_equal(incstat_call_add_file(c, file2, &err), INCSTAT_OK);
    char *json;
    size_t len;
    if (incstat_call_run(c, &json, &len, &err) != INCSTAT_OK)
        fail_msg("%s: %s", golden, err.message);
    char path[256];
    snprintf(path, sizeof path, "tests/cli/golden/%s.out", golden);
    size_t glen;
    char *want = read_all(path, &glen);
    if (len != glen || memcmp(json, want, len) != 0)
        fail_msg("%s: the call's JSON differs from %s", golden, path);
    assert_int_equal(strlen(json), len);
    /* the load report is kept, as JSON */
    const char *rep = incstat_call_report_json(c);
    assert_non_null(rep);
    assert_int_equal(rep[0], '{');
    free(want);
    free(json);
    incstat_call_free(c);
}

static void test_golden_summary(void **state)
{
    (void)state;
    const char *o[] = {"from", "2014"};
    same_as_golden("summary_json", "summary", o, 1, PBC, NULL);
}

static void test_golden_trend(void **state)
{
    (void)state;
    const char *o[] = {"to", "2016"};
    same_as_golden("trend_json", "trend", o, 1, PBC, NULL);
    const char *w[] = {"window", "3", "quiet", NULL};
    same_as_golden("trend_window_json", "trend", w, 2, PBC, NULL);
    /* --compare's two years as one value */
    const char *cmp[] = {"compare", "2012 2013", "seed", "7", "boot", "500"};
    same_as_golden("trend_compare_json", "trend", cmp, 3, PBC, NULL);
}

static void test_golden_claim(void **state)
{
    (void)state;
    const char *o[] = {"quiet", NULL, "year", "2023", "highest_since", "2015",
                       "schema", "datasets/ucdp_organized_violence_country_year_v25_1.schema",
                       "no_incidents", NULL, "where", "country=Pakistan"};
    same_as_golden("claim_highest_since_json", "claim", o, 6, UCDP, NULL);
    /* does not hold (the command line exits 3): an answer, not an error */
    const char *m[] = {"quiet", NULL, "year", "2023", "more-than", "1600",
                       "schema", "datasets/ucdp_organized_violence_country_year_v25_1.schema",
                       "no-incidents", NULL, "where", "country=Pakistan"};
    same_as_golden("claim_more_than_json", "claim", m, 6, UCDP, NULL);
}

static void test_golden_alerts_diff_inspect(void **state)
{
    (void)state;
    const char *a[] = {"quiet", NULL, "by", "admin1", "map", "date=date", "map", "admin1=admin1",
                       "map", "killed=killed"};
    same_as_golden("alerts_groups_json", "alerts", a, 5, "tests/data/alerts_groups.csv", NULL);
    const char *d[] = {"quiet", NULL};
    same_as_golden("diff_pbc_json", "diff", d, 1,
                   "tests/data/diff/pbc_suicide_attacks_ver6_2017-10-10.csv", PBC);
    same_as_golden("inspect_json", "inspect", NULL, 0, "tests/data/load/gtd_sample.csv", NULL);
}

/* Every option of every command, as the command line lists it (incstat
 * help --options, made from the same tables), is taken by name, unless it is
 * the command line's alone (--help, and --format where the call's result is
 * the JSON). */
static void test_every_option_by_name(void **state)
{
    (void)state;
    size_t ncmd;
    const call_cmd *const *cmds = call_commands(&ncmd);
    size_t checked = 0;
    for (size_t k = 0; k < ncmd; k++) {
        const cli_command *cmd = cmds[k]->cli;
        const cli_option *all[128];
        size_t n = 0;
        for (const cli_option *o = cmd->own; o && o->name; o++)
            if (!(o->flags & CLI_REFUSED))
                all[n++] = o;
        for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++)
            if (cli_takes_select(cmd, o))
                all[n++] = o;
        for (const cli_option *o = CLI_LOAD_TABLE; cmd->load && o->name; o++)
            all[n++] = o;
        for (size_t i = 0; i < n; i++) {
            incstat_call *c;
            incstat_error err;
            assert_int_equal(incstat_call_new(cmd->name, &c, &err), INCSTAT_OK);
            const char *value = !cli_takes_value(all[i]) ? NULL
                                : (all[i]->flags & CLI_TWO) ? "2012 2013"
                                : all[i]->words ? "x" : "1";
            char name[64];
            snprintf(name, sizeof name, "%s", all[i]->name + 2);
            incstat_status st = incstat_call_set(c, name, value, &err);
            int cli_only = strcmp(all[i]->name, "--format") == 0 &&
                           (cmds[k]->flags & CALL_FORMAT_CLI);
            if (cli_only) {
                assert_int_equal(st, INCSTAT_EINVAL);
                assert_non_null(strstr(err.message, "the command line's"));
            } else if (st != INCSTAT_OK) {
                /* a value the option refuses is fine here; an unknown name is not */
                if (strstr(err.message, "unknown option"))
                    fail_msg("%s %s: %s", cmd->name, all[i]->name, err.message);
            }
            checked++;
            incstat_call_free(c);
        }
    }
    assert_true(checked > 150);
}

static void expect_error(const char *command, const char *name, const char *value,
                         const char *message)
{
    incstat_call *c;
    incstat_error err;
    assert_int_equal(incstat_call_new(command, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, name, value, &err), INCSTAT_EINVAL);
    if (strcmp(err.message, message) != 0)
        fail_msg("%s %s: '%s', expected '%s'", command, name, err.message, message);
    incstat_call_free(c);
}

static void test_messages(void **state)
{
    (void)state;
    /* the command line's words (goldens bad_estimate, unknown_option) */
    expect_error("summary", "estimate", "mid", "--estimate is low, best or high, not 'mid'");
    expect_error("summary", "estimat", "high", "unknown option '--estimat'; did you mean '--estimate'?");
    expect_error("summary", "gap", "19x", "--gap takes a year, not '19x'");
    expect_error("summary", "headline", "yes", "option --headline takes no value");
    expect_error("summary", "where", NULL, "option --where needs a value");
    expect_error("summary", "help", NULL, "--help is the command line's: incstat help summary");
    expect_error("claim", "by", "admin1", "--by: claims are about years: there is no grouping");
    expect_error("trend", "compare", "2012", "option --compare takes two values: --compare A B");
    incstat_call *c;
    incstat_error err;
    assert_int_equal(incstat_call_new("sumary", &c, &err), INCSTAT_EINVAL);
    assert_null(c);
    assert_string_equal(err.message, "unknown command 'sumary'; did you mean 'summary'?");
    /* an operand too many */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, UCDP, &err), INCSTAT_EINVAL);
    incstat_call_free(c);
}

static void test_run_errors(void **state)
{
    (void)state;
    incstat_call *c;
    incstat_error err;
    char *json;
    /* no file */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_run(c, &json, NULL, &err), INCSTAT_EINVAL);
    assert_null(json);
    assert_string_equal(err.message, "no FILE given");
    assert_int_equal(incstat_call_exit_status(c), 2);
    /* a call runs once */
    assert_int_equal(incstat_call_run(c, &json, NULL, &err), INCSTAT_EINVAL);
    incstat_call_free(c);
    /* a data error carries the line and column (golden unterminated) */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, "map", "date=date", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, "map", "killed=killed", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, "tests/data/cli/unterminated.csv", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_run(c, &json, NULL, &err), INCSTAT_EPARSE);
    assert_true(err.line > 0);
    assert_non_null(strstr(err.message, "unterminated.csv"));
    assert_int_equal(incstat_call_exit_status(c), 1);
    incstat_call_free(c);
    /* a where matching nothing: the suggestions end the notes */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, "where", "admin1=Pnjab", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_run(c, &json, NULL, &err), INCSTAT_EEMPTY);
    assert_non_null(strstr(incstat_call_notes(c), "Punjab"));
    incstat_call_free(c);
    incstat_call_free(NULL);
}

static void test_notes_and_files(void **state)
{
    (void)state;
    incstat_call *c;
    incstat_error err;
    char *json;
    size_t len;
    /* the notes hold the short load report unless quiet */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_run(c, &json, &len, &err), INCSTAT_OK);
    assert_non_null(strstr(incstat_call_notes(c), "496 rows read"));
    free(json);
    incstat_call_free(c);
    /* chart writes a file and names it */
    char out[] = "build/test_call_chart.svg";
    assert_int_equal(incstat_call_new("chart", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, "bar", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, "output", out, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_run(c, &json, &len, &err), INCSTAT_OK);
    assert_string_equal(json, "{\"command\": \"chart\", \"written\": [\"build/test_call_chart.svg\"]}\n");
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    fclose(f);
    remove(out);
    free(json);
    incstat_call_free(c);
}

static void test_load(void **state)
{
    (void)state;
    incstat_call *c;
    incstat_error err;
    incstat_table *t;
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_load(c, &t, &err), INCSTAT_OK);
    assert_int_equal(incstat_table_rows(t), 496);
    assert_non_null(incstat_call_report_json(c));
    incstat_table_free(t);
    incstat_call_free(c);
    /* with a selection: the 2017 rows (21 incidents, README's table) */
    assert_int_equal(incstat_call_new("summary", &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_set(c, "from", "2017", &err), INCSTAT_OK);
    assert_int_equal(incstat_call_add_file(c, PBC, &err), INCSTAT_OK);
    assert_int_equal(incstat_call_load(c, &t, &err), INCSTAT_OK);
    assert_int_equal(incstat_table_rows(t), 21);
    incstat_table_free(t);
    incstat_call_free(c);
}

/* Every allocation of a run failing in turn: an error, never a crash or a
 * leak (under ASan). */
static void test_alloc_failures(void **state)
{
    (void)state;
    for (unsigned long k = 1; k < 400; k += 7) {
        incstat_call *c = NULL;
        incstat_error err;
        char *json = NULL;
        incstat_test_fail_alloc_after(k);
        if (incstat_call_new("summary", &c, &err) == INCSTAT_OK &&
            incstat_call_set(c, "where", "admin1=Punjab", &err) == INCSTAT_OK &&
            incstat_call_add_file(c, PBC, &err) == INCSTAT_OK &&
            incstat_call_run(c, &json, NULL, &err) == INCSTAT_OK)
            free(json);
        incstat_test_fail_alloc_after(0);
        incstat_call_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_summary),
        cmocka_unit_test(test_golden_trend),
        cmocka_unit_test(test_golden_claim),
        cmocka_unit_test(test_golden_alerts_diff_inspect),
        cmocka_unit_test(test_every_option_by_name),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_notes_and_files),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests_name("call", tests, NULL, NULL);
}
