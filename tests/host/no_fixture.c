/*
 * tests/host/no_fixture.c - the harness's fixture_reset() for a host test that boots no
 * kernel (tests/host/test_sync.c): there is nothing to reset, each test runs in a fresh
 * process anyway. (fixture.h is not included: it brings the kernel's headers.)
 */
void fixture_reset(void);

void fixture_reset(void)
{
}
