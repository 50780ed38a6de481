/*
 * servers/names/names.h - the name server protocol: indirect communication.
 *
 * A service registers under a name (up to 15 characters) the endpoint it receives on; clients
 * look the name up instead of knowing the endpoint from the description. A restarted service
 * registers again; a client whose call failed with PL_EDEAD looks the name up once more.
 * Endpoint: 'names' in the description. Rights still come from the description: the name
 * server only tells where a service is, not who may talk to it.
 */
#ifndef SERVERS_NAMES_H
#define SERVERS_NAMES_H

enum names_op {
    NAMES_REGISTER = 0, /* w0 = endpoint, data = name -> PL_OK, PL_EFULL (table full),
                         * PL_EPERM (the name belongs to another registrant's badge) */
    NAMES_LOOKUP = 1,   /* data = name -> w0 = endpoint, w1 = registrations of that name so
                         * far (grows when the service re-registers after a restart);
                         * PL_ENOENT if unknown */
    NAMES_OP_COUNT
};

#define NAMES_NAME_MAX 15u
#define NAMES_CAPACITY 16u

#endif
