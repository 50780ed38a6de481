/*
 * tests/host/test_dev_rp2040.c - user/dev/rp2040/, the RP2040 family's drivers, against fake
 * register blocks: the roles' devices (timer1 is TIMER, read without a latch; timer0 is PWM
 * slice 0, whose TOP makes the period and which alone may interrupt; dualtimer is slice 1,
 * free-running over 16 bits), the PWM's clock divided from clk_sys to the microseconds TIMER
 * counts, periods beyond 16 bits, and the PL011 console UART's interrupt bits. No hardware
 * here: the Pico is build-checked only.
 */
#include <stdint.h>

#include "dev_timer.h"
#include "dev_uart.h"
#include "harness.h"

/* One peripheral's register block; static, so below 4 GiB in the host tests' non-PIE link,
 * and its address fits the drivers' 32-bit base. */
static uint32_t regs[0x100u / 4u] __attribute__((aligned(256)));

#define AT(off) regs[(off) / 4u]
#define BASE    ((uint32_t)(uintptr_t)regs)
/* TIMER */
#define T_TIMEHW   0x00u
#define T_TIMELW   0x04u
#define T_TIMERAWL 0x28u
/* PWM: slice n at 0x14 x n */
#define P_CSR(n) (0x14u * (n) + 0x00u)
#define P_DIV(n) (0x14u * (n) + 0x04u)
#define P_CTR(n) (0x14u * (n) + 0x08u)
#define P_TOP(n) (0x14u * (n) + 0x10u)
#define P_INTR   0xa4u
#define P_INTE   0xa8u
#define P_INTS   0xb0u
/* PL011 */
#define U_DR   0x00u
#define U_RSR  0x04u
#define U_FR   0x18u
#define U_CR   0x30u
#define U_IMSC 0x38u
#define U_MIS  0x40u
#define U_ICR  0x44u

static void poison(void)
{
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        regs[i] = 0xdeadbeefu;
    }
}

TEST(timer1_free_run_sets_the_microsecond_count_to_0_low_word_first)
{
    poison();
    dev_timer_free_run(BASE);
    CHECK_EQ(AT(T_TIMELW), 0);
    CHECK_EQ(AT(T_TIMEHW), 0);
}

TEST(timer1_now_is_the_raw_low_word)
{
    poison();
    AT(T_TIMERAWL) = 123456u;
    CHECK_EQ(dev_timer_now(BASE), 123456u);
}

TEST(pwm_counts_microseconds_of_the_12_mhz_clk_sys)
{
    CHECK_EQ(DEV_PWM_DIV_1US, 12);
    poison();
    dev_timer_prepare(BASE, 1000u);
    CHECK_EQ(AT(P_DIV(0)), 12u << 4); /* DIV.INT 12, DIV.FRAC 0 */
    dev_dualtimer_free_run(BASE);
    CHECK_EQ(AT(P_DIV(1)), 12u << 4);
}

TEST(prepare_sets_top_to_the_period_less_one_clears_and_enables_only_slice_0)
{
    poison();
    dev_timer_prepare(BASE, 1000u);
    CHECK_EQ(AT(P_CSR(0)), 0); /* not yet counting */
    CHECK_EQ(AT(P_TOP(0)), 999u);
    CHECK_EQ(AT(P_CTR(0)), 0);
    CHECK_EQ(AT(P_INTR), 1u);            /* slice 0's old wrap cleared (write 1 to clear) */
    CHECK_EQ(AT(P_INTE), 1u);            /* slice 0 alone: the dualtimer's slice never interrupts */
    CHECK_EQ(AT(P_CSR(1)), 0xdeadbeefu); /* slice 1 untouched */
}

TEST(periods_at_the_16_bit_edges)
{
    poison();
    dev_timer_prepare(BASE, 65536u);
    CHECK_EQ(AT(P_TOP(0)), 65535u);
    CHECK_EQ(AT(P_DIV(0)), 12u << 4);
    dev_timer_prepare(BASE, 1u);
    CHECK_EQ(AT(P_TOP(0)), 0);
    dev_timer_prepare(BASE, 0);
    CHECK_EQ(AT(P_TOP(0)), 0);
}

TEST(a_period_beyond_16_bits_divides_the_clock_further)
{
    poison();
    dev_timer_prepare(BASE, 100000u); /* 100 ms: twice the divider, half the counts */
    CHECK_EQ(AT(P_DIV(0)), 24u << 4);
    CHECK_EQ(AT(P_TOP(0)), 49999u);
    dev_timer_prepare(BASE, 10000000u); /* 10 s: as far as DIV.INT's 8 bits reach */
    CHECK_EQ(AT(P_DIV(0)), 252u << 4);
    CHECK_EQ(AT(P_TOP(0)), 65535u);
}

TEST(the_start_store_enables_slice_0_and_periodic_makes_it)
{
    poison();
    CHECK_EQ((uintptr_t)DEV_TIMER_START_REG(BASE), (uintptr_t)&AT(P_CSR(0)));
    CHECK_EQ(DEV_TIMER_START_VALUE, 1);
    CHECK_EQ((uintptr_t)DEV_TIMER_STATUS_REG(BASE), (uintptr_t)&AT(P_INTS));
    dev_timer_periodic(BASE, 500u);
    CHECK_EQ(AT(P_TOP(0)), 499u);
    CHECK_EQ(AT(P_CSR(0)), 1u);
}

TEST(status_is_the_masked_interrupt_and_clear_writes_slice_0s_bit)
{
    poison();
    AT(P_INTS) = 0;
    CHECK_EQ(dev_timer_status(BASE), 0);
    AT(P_INTS) = 1u;
    CHECK(dev_timer_status(BASE) != 0);
    AT(P_INTR) = 0;
    dev_timer_clear(BASE);
    CHECK_EQ(AT(P_INTR), 1u);
}

TEST(hold_stops_slice_0_and_keeps_its_request)
{
    poison();
    AT(P_CSR(0)) = 1u;
    AT(P_INTR) = 1u;
    dev_timer_hold(BASE);
    CHECK_EQ(AT(P_CSR(0)), 0);
    CHECK_EQ(AT(P_INTR), 1u); /* not written: still requesting */
}

TEST(stop_stops_slice_0_and_clears_its_request)
{
    poison();
    AT(P_INTR) = 0;
    dev_timer_stop(BASE);
    CHECK_EQ(AT(P_CSR(0)), 0);
    CHECK_EQ(AT(P_CTR(0)), 0);
    CHECK_EQ(AT(P_INTR), 1u);
}

TEST(the_dualtimer_is_slice_1_free_running_over_16_bits)
{
    poison();
    dev_dualtimer_free_run(BASE);
    CHECK_EQ(AT(P_TOP(1)), 0xffffu);
    CHECK_EQ(AT(P_CTR(1)), 0);
    CHECK_EQ(AT(P_CSR(1)), 1u);
    CHECK_EQ(AT(P_INTE), 0xdeadbeefu); /* its interrupt left alone */
    CHECK_EQ((uintptr_t)DEV_DUALTIMER_VALUE_REG(BASE), (uintptr_t)&AT(P_CTR(1)));
    AT(P_CTR(1)) = 4321u;
    CHECK_EQ(dev_dualtimer_now(BASE), 4321u);
}

TEST(dualtimer_spans_count_up_modulo_2_16)
{
    CHECK_EQ(dev_dualtimer_span(100u - 250u), 150u);        /* first 100, second 250 */
    CHECK_EQ(dev_dualtimer_span(0xfff0u - 0x0010u), 0x20u); /* across the wrap */
    CHECK_EQ(dev_dualtimer_span(0), 0);
}

TEST(uart_control_keeps_the_uart_on_and_enables_tx_only_when_asked)
{
    poison();
    dev_uart_control(BASE, 0);
    CHECK_EQ(AT(U_CR), 0x301u);                  /* UARTEN, TXE, RXE */
    CHECK_EQ(AT(U_IMSC), (1u << 4) | (1u << 6)); /* RX and receive timeout */
    dev_uart_control(BASE, 1);
    CHECK_EQ(AT(U_IMSC), (1u << 4) | (1u << 5) | (1u << 6));
}

TEST(uart_reset_masks_and_clears_everything)
{
    poison();
    dev_uart_reset(BASE);
    CHECK_EQ(AT(U_IMSC), 0);
    CHECK_EQ(AT(U_ICR), 0x7ffu);
    CHECK_EQ(AT(U_RSR), 0);
}

TEST(uart_fifo_flags_say_ready)
{
    poison();
    AT(U_FR) = 1u << 5; /* TX FIFO full, RX FIFO not empty */
    CHECK(!dev_uart_tx_ready(BASE));
    CHECK(dev_uart_rx_ready(BASE));
    AT(U_FR) = 1u << 4; /* TX room, RX empty */
    CHECK(dev_uart_tx_ready(BASE));
    CHECK(!dev_uart_rx_ready(BASE));
    AT(U_DR) = 0x941u; /* a byte with an error bit */
    CHECK_EQ(dev_uart_get(BASE), 0x41);
}

TEST(uart_tx_taken_only_on_the_masked_tx_interrupt_and_clears_it)
{
    poison();
    AT(U_MIS) = 1u << 4; /* RX only */
    AT(U_ICR) = 0;
    CHECK(!dev_uart_tx_taken(BASE));
    CHECK_EQ(AT(U_ICR), 0);
    AT(U_MIS) = 1u << 5;
    CHECK(dev_uart_tx_taken(BASE));
    CHECK_EQ(AT(U_ICR), 1u << 5);
}

TEST(uart_rx_ack_clears_both_receive_interrupts_and_rx_done_the_errors)
{
    poison();
    dev_uart_rx_ack(BASE);
    CHECK_EQ(AT(U_ICR), (1u << 4) | (1u << 6));
    dev_uart_rx_done(BASE);
    CHECK_EQ(AT(U_RSR), 0);
    CHECK_EQ(AT(U_ICR), 0xfu << 7);
}
