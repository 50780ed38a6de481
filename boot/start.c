/*
 * boot/start.c - reset: set up the C runtime of the kernel image, then kernel_main().
 *
 * The kernel's .data is copied from its load address in flash and .bss zeroed. Task memory is
 * not touched here: each task's image is laid out by the kernel (task_load) so that a restart
 * can do the same again.
 */
#include <stdint.h>

extern uint32_t __kernel_data_load[], __kernel_data_start[], __kernel_data_end[];
extern uint32_t __kernel_bss_start[], __kernel_bss_end[];
void kernel_main(void) __attribute__((noreturn));
void reset_handler(void) __attribute__((noreturn));

void reset_handler(void)
{
    const uint32_t *src = __kernel_data_load;
    for (uint32_t *dst = __kernel_data_start; dst < __kernel_data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __kernel_bss_start; dst < __kernel_bss_end;) {
        *dst++ = 0;
    }
    kernel_main();
}
