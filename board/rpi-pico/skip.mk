# board/rpi-pico/skip.mk - the images this board cannot run, each with its reason
# (`image:reason`, '_' for a space). They are not built; `make test` prints
# "skip - <image>: <reason>" for each, counted neither passed nor failed, and `make run` /
# `make flash` of them say why. Included by board.mk.
SKIP_IMAGES :=
