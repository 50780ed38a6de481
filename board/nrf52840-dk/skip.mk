# board/nrf52840-dk/skip.mk - the images this board cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` /
# `make flash` of them say why. Included by board.mk.
#
# None today: with its 256K of RAM every image fits, and the console server drives the nRF
# UART (user/dev/nrf/dev_uart.h, tested on the micro:bit in QEMU; not yet on this board).
SKIP_IMAGES :=
