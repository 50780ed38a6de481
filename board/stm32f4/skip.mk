# board/stm32f4/skip.mk - the images the STM32F4 boards cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` of
# the demo says why it cannot. Included by each STM32F4 board's board.mk.
#
# The console server runs here (user/dev/stm32/dev_uart.h): what is left is memory and one
# limit of QEMU's USART model.
STM32_NO_RAM := its_tasks_and_shared_pages_need_more_than_the_128K_of_SRAM_(112K_after_the_kernel's_16K)
STM32_NO_KRAM := its_tasks'_kernel_state_overflows_the_kernel's_16K_of_RAM_(board.ini_kernel_ram)
STM32_NO_MONO := MODE=mono_moves_the_console_server's_state_(about_3.3K)_into_the_kernel,_whose_16K_of_RAM_it_overflows
STM32_NO_CONTRAST := make_contrast_runs_each_system_in_MODE=mono_too:_$(STM32_NO_MONO)
STM32_NO_FLOW := QEMU_7.2's_STM32_USART_model_sends_each_byte_synchronously_(TXE_always_set):_its_transmitter_never_backs_up,_so_the_flow_control_this_test_checks_cannot_happen
SKIP_IMAGES := $(foreach i,ipc_compare ipc_compare_test demo gdb_test test_shell test_pipe \
                 test_demo_fail,$(i):$(STM32_NO_RAM))
SKIP_IMAGES += test_mqueue:$(STM32_NO_KRAM)
SKIP_IMAGES += $(foreach i,demo_mono test_console_mono test_console_flow_mono test_klog_mono \
                 test_mqueue_mono test_pipe_mono test_server_input_mono test_shell_mono \
                 test_shm_mono test_stdin_mono test_sync_mono,$(i):$(STM32_NO_MONO))
SKIP_IMAGES += $(foreach i,contrast contrast_mono crash crash_mono contrast_test,$(i):$(STM32_NO_CONTRAST))
SKIP_IMAGES += test_console_flow:$(STM32_NO_FLOW)
