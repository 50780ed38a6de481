/*
 * user/demo/hello.h - the protocol of the demo's `hello` service, for its clients.
 *
 * The service registers its endpoint under HELLO_NAME in the name server; clients look the
 * name up (indirect communication) instead of taking the endpoint from the description.
 */
#ifndef DEMO_HELLO_H
#define DEMO_HELLO_H

#define HELLO_NAME "hello"

enum hello_op {
    HELLO_GREET = 0, /* data = who asks -> data = a greeting, w0 = greetings given so far */
    HELLO_OP_COUNT
};

#define HELLO_GREETING_MAX 96u

#endif
