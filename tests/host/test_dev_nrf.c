/*
 * tests/host/test_dev_nrf.c - user/dev/nrf/dev_timer.h, the nRF52 family's timer driver,
 * against a fake register block: which registers each function writes (a TIMER's tasks,
 * shorts, interrupt enables and compare value), that a TIMER's count is captured before it is
 * read, and that the dualtimer role's RTC counts (24-bit, 32768 Hz) come out as TIMER counts
 * (16 MHz) across the RTC's wrap. No hardware here: the nRF52840-DK is build-checked only.
 */
#include <stdint.h>

#include "dev_timer.h"
#include "harness.h"

/* One peripheral's 4K slot; static, so below 4 GiB in the host tests' non-PIE link, and its
 * address fits the drivers' 32-bit base. */
static uint32_t regs[0x1000u / 4u] __attribute__((aligned(4096)));

#define AT(off)    regs[(off) / 4u]
#define BASE       ((uint32_t)(uintptr_t)regs)
#define T_START    0x000u
#define T_STOP     0x004u
#define T_CLEAR    0x00cu
#define T_CAPTURE3 0x04cu
#define T_COMPARE0 0x140u
#define T_SHORTS   0x200u
#define T_INTENSET 0x304u
#define T_INTENCLR 0x308u
#define T_MODE     0x504u
#define T_BITMODE  0x508u
#define T_PRESC    0x510u
#define T_CC0      0x540u
#define T_CC3      0x54cu
#define R_START    0x000u
#define R_STOP     0x004u
#define R_CLEAR    0x008u
#define R_COUNTER  0x504u
#define R_PRESC    0x508u

static void poison(void)
{
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        regs[i] = 0xdeadbeefu;
    }
}

TEST(free_run_is_a_32_bit_16_mhz_timer_started_from_zero_without_interrupts)
{
    poison();
    dev_timer_free_run(BASE);
    CHECK_EQ(AT(T_STOP), 1);
    CHECK_EQ(AT(T_INTENCLR), 0xffffffffu);
    CHECK_EQ(AT(T_SHORTS), 0);
    CHECK_EQ(AT(T_MODE), 0);
    CHECK_EQ(AT(T_BITMODE), 3);
    CHECK_EQ(AT(T_PRESC), 0);
    CHECK_EQ(AT(T_CLEAR), 1);
    CHECK_EQ(AT(T_START), 1);
    CHECK_EQ(AT(T_INTENSET), 0xdeadbeefu); /* no interrupt enabled */
}

TEST(now_captures_the_count_before_reading_it)
{
    poison();
    AT(T_CC3) = 12345u;
    CHECK_EQ(dev_timer_now(BASE), 12345u);
    CHECK_EQ(AT(T_CAPTURE3), 1); /* the capture task was triggered */
}

TEST(prepare_sets_the_period_its_clear_short_and_interrupt_but_does_not_start)
{
    poison();
    AT(T_START) = 0;
    AT(T_COMPARE0) = 1u; /* a request left from before */
    dev_timer_prepare(BASE, 4000u);
    CHECK_EQ(AT(T_STOP), 1);
    CHECK_EQ(AT(T_CLEAR), 1);
    CHECK_EQ(AT(T_CC0), 4000u);
    CHECK_EQ(AT(T_SHORTS), 1u);         /* COMPARE0_CLEAR: a period, again and again */
    CHECK_EQ(AT(T_INTENSET), 1u << 16); /* COMPARE[0] */
    CHECK_EQ(AT(T_COMPARE0), 0);        /* status cleared */
    CHECK_EQ(AT(T_START), 0);           /* not yet counting */
    CHECK_EQ(AT(T_BITMODE), 3);
    CHECK_EQ(AT(T_PRESC), 0);
}

TEST(the_start_store_is_the_start_task_and_periodic_makes_it)
{
    poison();
    CHECK_EQ((uintptr_t)DEV_TIMER_START_REG(BASE), (uintptr_t)&AT(T_START));
    CHECK_EQ(DEV_TIMER_START_VALUE, 1);
    CHECK_EQ((uintptr_t)DEV_TIMER_STATUS_REG(BASE), (uintptr_t)&AT(T_COMPARE0));
    AT(T_START) = 0;
    dev_timer_periodic(BASE, 16000u);
    CHECK_EQ(AT(T_CC0), 16000u);
    CHECK_EQ(AT(T_START), 1);
}

TEST(status_is_the_compare_event_and_clear_clears_it)
{
    poison();
    AT(T_COMPARE0) = 0;
    CHECK_EQ(dev_timer_status(BASE), 0);
    AT(T_COMPARE0) = 1u;
    CHECK(dev_timer_status(BASE) != 0);
    dev_timer_clear(BASE);
    CHECK_EQ(AT(T_COMPARE0), 0);
    CHECK_EQ(dev_timer_status(BASE), 0);
}

TEST(hold_stops_counting_but_keeps_the_request)
{
    poison();
    AT(T_COMPARE0) = 1u;
    AT(T_STOP) = 0;
    dev_timer_hold(BASE);
    CHECK_EQ(AT(T_STOP), 1);
    CHECK_EQ(AT(T_COMPARE0), 1u);
}

TEST(stop_stops_counting_and_clears_the_request)
{
    poison();
    AT(T_COMPARE0) = 1u;
    dev_timer_stop(BASE);
    CHECK_EQ(AT(T_STOP), 1);
    CHECK_EQ(AT(T_COMPARE0), 0);
}

TEST(the_dualtimer_is_an_rtc_started_from_zero_at_32768_hz)
{
    poison();
    dev_dualtimer_free_run(BASE);
    CHECK_EQ(AT(R_STOP), 1);
    CHECK_EQ(AT(R_PRESC), 0);
    CHECK_EQ(AT(R_CLEAR), 1);
    CHECK_EQ(AT(R_START), 1);
    /* the register read by one load is the RTC's COUNTER */
    CHECK_EQ((uintptr_t)DEV_DUALTIMER_VALUE_REG(BASE), (uintptr_t)&AT(R_COUNTER));
}

TEST(rtc_spans_come_out_in_16_mhz_timer_counts)
{
    CHECK_EQ(dev_dualtimer_span(0u - 32u), 15625u); /* 32 RTC counts = 1/1024 s = 15625 */
    CHECK_EQ(dev_dualtimer_span(0u - 1u), 488u);    /* 488.28, rounded */
    CHECK_EQ(dev_dualtimer_span(0u), 0);
    CHECK_EQ(dev_dualtimer_span(0u - 32768u), 16000000u); /* one second */
}

TEST(rtc_spans_survive_the_24_bit_wrap)
{
    uint32_t first = 0x00fffffeu, second = 0x00000002u; /* 4 RTC counts across the wrap */
    CHECK_EQ(dev_dualtimer_span(first - second), 1953u);
    /* bits above the RTC's 24 read as zero on the chip; a difference keeps only 24 bits */
    CHECK_EQ(dev_dualtimer_span(0x00000010u - 0x01000020u), dev_dualtimer_span(0u - 16u));
}

TEST(dualtimer_now_is_the_rtc_count_in_timer_counts)
{
    poison();
    AT(R_COUNTER) = 64u;
    CHECK_EQ(dev_dualtimer_now(BASE), 31250u);
    AT(R_COUNTER) = 0;
    CHECK_EQ(dev_dualtimer_now(BASE), 0);
}
