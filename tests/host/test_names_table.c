/*
 * tests/host/test_names_table.c - servers/names/names_table.c: who may register a name, what
 * a lookup answers, and which names and tables are refused.
 */
#include <stdio.h>
#include <string.h>

#include <parley/error.h>

#include "harness.h"
#include "names_table.h"

#define BADGE_A 1u
#define BADGE_B 2u

static struct names_table table;

static int reg(uint32_t badge, const char *name, uint32_t ep)
{
    return names_table_register(&table, badge, name, strlen(name), ep, NULL);
}

static int look(const char *name, uint32_t *ep, uint32_t *count)
{
    return names_table_lookup(&table, name, strlen(name), ep, count);
}

TEST(registered_name_is_found_with_its_endpoint)
{
    uint32_t ep = 0, count = 0;
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "console", 3), PL_OK);
    CHECK_EQ(look("console", &ep, &count), PL_OK);
    CHECK_EQ(ep, 3);
    CHECK_EQ(count, 1);
}

TEST(unknown_name_is_enoent)
{
    uint32_t ep = 77;
    names_table_init(&table);
    CHECK_EQ(look("console", &ep, NULL), PL_ENOENT);
    CHECK_EQ(reg(BADGE_A, "console", 3), PL_OK);
    CHECK_EQ(look("consol", &ep, NULL), PL_ENOENT);   /* a prefix is another name */
    CHECK_EQ(look("console2", &ep, NULL), PL_ENOENT); /* so is a longer one */
    CHECK_EQ(ep, 77);                                 /* untouched on failure */
}

TEST(reregistration_by_owner_replaces_endpoint_and_counts)
{
    uint32_t ep = 0, count = 0, reported = 0;
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "console", 3), PL_OK);
    CHECK_EQ(names_table_register(&table, BADGE_A, "console", 7, 5, &reported), PL_OK);
    CHECK_EQ(reported, 2);
    CHECK_EQ(look("console", &ep, &count), PL_OK);
    CHECK_EQ(ep, 5);
    CHECK_EQ(count, 2);
    CHECK_EQ(table.used, 1); /* the same entry, not a second one */
}

TEST(registration_by_another_badge_is_eperm_and_changes_nothing)
{
    uint32_t ep = 0, count = 0;
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "console", 3), PL_OK);
    CHECK_EQ(reg(BADGE_B, "console", 9), PL_EPERM);
    CHECK_EQ(look("console", &ep, &count), PL_OK);
    CHECK_EQ(ep, 3);
    CHECK_EQ(count, 1);
}

TEST(one_badge_may_own_several_names)
{
    uint32_t ep = 0;
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "a", 1), PL_OK);
    CHECK_EQ(reg(BADGE_A, "b", 2), PL_OK);
    CHECK_EQ(look("b", &ep, NULL), PL_OK);
    CHECK_EQ(ep, 2);
}

TEST(full_table_is_efull_for_new_names_only)
{
    char name[8];
    names_table_init(&table);
    for (unsigned i = 0; i < NAMES_CAPACITY; i++) {
        snprintf(name, sizeof(name), "n%u", i);
        CHECK_EQ(reg(BADGE_A, name, i), PL_OK);
    }
    CHECK_EQ(reg(BADGE_A, "one-more", 1), PL_EFULL);
    CHECK_EQ(look("one-more", NULL, NULL), PL_ENOENT);
    CHECK_EQ(reg(BADGE_A, "n3", 30), PL_OK); /* its owner may still move it */
    CHECK_EQ(reg(BADGE_B, "n3", 30), PL_EPERM);
}

TEST(name_of_max_length_is_accepted)
{
    const char *longest = "abcdefghijklmno"; /* 15 */
    names_table_init(&table);
    CHECK_EQ(strlen(longest), NAMES_NAME_MAX);
    CHECK_EQ(reg(BADGE_A, longest, 1), PL_OK);
    CHECK_EQ(look(longest, NULL, NULL), PL_OK);
    CHECK_STR_EQ(table.entries[0].name, longest);
}

TEST(bad_names_are_einval)
{
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "", 1), PL_EINVAL);
    CHECK_EQ(reg(BADGE_A, "abcdefghijklmnop", 1), PL_EINVAL); /* 16 */
    CHECK_EQ(names_table_register(&table, BADGE_A, "a\0b", 3, 1, NULL), PL_EINVAL);
    CHECK_EQ(reg(BADGE_A, "tab\there", 1), PL_EINVAL);
    CHECK_EQ(reg(BADGE_A, "del\x7f", 1), PL_EINVAL);
    CHECK_EQ(reg(BADGE_A, "hi\xc3\xa9", 1), PL_EINVAL); /* not ASCII */
    CHECK_EQ(names_table_register(&table, BADGE_A, NULL, 3, 1, NULL), PL_EINVAL);
    CHECK_EQ(look("", NULL, NULL), PL_EINVAL);
    CHECK_EQ(look("abcdefghijklmnop", NULL, NULL), PL_EINVAL);
    CHECK_EQ(table.used, 0);
}

TEST(printable_names_with_spaces_and_punctuation_are_fine)
{
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "uart 0/rx~", 1), PL_OK);
    CHECK_EQ(look("uart 0/rx~", NULL, NULL), PL_OK);
}

TEST(no_endpoint_value_is_einval)
{
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "console", 0xff), PL_EINVAL); /* PL_NO_EP */
    CHECK_EQ(reg(BADGE_A, "console", 0x100), PL_EINVAL);
    CHECK_EQ(reg(BADGE_A, "console", 0xfe), PL_OK);
}

TEST(refused_reregistration_keeps_the_old_endpoint)
{
    uint32_t ep = 0;
    names_table_init(&table);
    CHECK_EQ(reg(BADGE_A, "console", 3), PL_OK);
    CHECK_EQ(reg(BADGE_A, "console", 0xff), PL_EINVAL);
    CHECK_EQ(look("console", &ep, NULL), PL_OK);
    CHECK_EQ(ep, 3);
}
