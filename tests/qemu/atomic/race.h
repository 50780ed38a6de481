/* tests/qemu/atomic/race.h - what the judge and the racers agree on. */
#ifndef TESTS_ATOMIC_RACE_H
#define TESTS_ATOMIC_RACE_H

#define RACE_ROUNDS 3000u /* increments of each word by each racer */

#endif
