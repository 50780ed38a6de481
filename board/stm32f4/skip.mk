# board/stm32f4/skip.mk - the images the STM32F4 boards cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` of
# the demo says why it cannot. Included by each STM32F4 board's board.mk.
STM32_NO_CONSOLE := the_console_server_drives_a_CMSDK_UART_(two_interrupts,_RX_and_TX);_the_STM32_USART_has_one_and_no_driver_for_it_yet
SKIP_IMAGES := $(foreach i,demo demo_mono test_console test_console_flow test_klog test_mqueue \
                 test_mqueue_mono test_pipe test_pipe_mono test_pipe_fast test_server_input test_server_input_mono \
                 test_shm test_shm_mono test_stdin test_stdin_mono test_sync test_sync_mono \
                 test_shell test_shell_mono test_console_mono test_console_flow_mono test_klog_mono \
                 test_demo_fail test_demo_fail_mono contrast contrast_mono crash crash_mono gdb_test contrast_test,$(i):$(STM32_NO_CONSOLE))
STM32_NO_RAM := its_tasks_and_shared_pages_need_more_than_the_128K_of_SRAM_(96K_after_the_kernel)
SKIP_IMAGES += ipc_compare:$(STM32_NO_RAM) ipc_compare_test:$(STM32_NO_RAM)
