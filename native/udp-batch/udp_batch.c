/*
 * udp_batch: sends many UDP datagrams in one system call, for the UDP/RTP output's sender
 * (src/output/udp/udp-sender.ts, through src/output/udp/udp-batch.ts).
 *
 * Why native: Node's dgram makes one system call and several JavaScript-to-C++ crossings per
 * datagram, and offers neither sendmmsg(2) nor UDP GSO. An MPEG-TS output at 4 Mbit/s is some
 * 380 datagrams of 1316 bytes a second; on a small virtual machine, sending them from dgram cost
 * about three times what the same datagrams cost from C. Here the sender hands over everything
 * that is due at one wake-up, and it leaves in sendmmsg(2) calls of up to BATCH_MAX datagrams.
 *
 * The socket is this module's own (socket(2) with SOCK_NONBLOCK | SOCK_CLOEXEC), never bound
 * explicitly (the first send binds it to an ephemeral port, as dgram's first send does) and
 * never connected: every datagram names its destination (msg_name), so one socket sends the
 * media and the SMPTE 2022-1 FEC streams on the ports + 2 and + 4, and a closed port on the
 * destination host is no error (Linux reports the ICMP port-unreachable only on a connected
 * socket, or with IP_RECVERR, which is not set).
 *
 * JavaScript API (all synchronous; errors are returned as errno values, never thrown, except
 * for arguments of the wrong type):
 *   openSocket(family: 4 | 6, multicastTtl: number) -> fd >= 0, or -errno
 *       multicastTtl >= 0 also sets IP_MULTICAST_TTL (IPV6_MULTICAST_HOPS) and multicast
 *       loopback on; < 0 leaves the system's defaults.
 *   sockaddr(family: 4 | 6, address: string, port: number) -> Buffer (a struct sockaddr_in or
 *       sockaddr_in6), or undefined when the address is not a numeric address of that family.
 *       An IPv6 address may carry a scope ("fe80::1%eth0" or "fe80::1%2").
 *   send(fd, datagrams: Uint8Array[], destinations: Uint8Array[]) -> [sent, errno]
 *       datagrams[i] goes to destinations[i] (a sockaddr() Buffer), in order. Returns how many
 *       were sent from the front; when that is fewer than all, errno is why datagrams[sent]
 *       was not (EAGAIN/ENOBUFS: the socket's buffer is full, try later; anything else: that
 *       datagram failed, the ones after it were not tried). errno is 0 when all were sent.
 *   close(fd) -> 0 or -errno
 */
#define _GNU_SOURCE
#include <node_api.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Datagrams per sendmmsg(2) call (its own limit is UIO_MAXIOV, 1024): 64 keeps the arrays on
 * the stack small; at 4 Mbit/s a 20 ms pacing tick has about 8 due. */
#define BATCH_MAX 64

#define CHECK(env, call)                                        \
  do {                                                          \
    if ((call) != napi_ok) {                                    \
      napi_throw_type_error((env), NULL, "udp_batch: " #call); \
      return NULL;                                              \
    }                                                           \
  } while (0)

static napi_value int_value(napi_env env, int value) {
  napi_value result;
  if (napi_create_int32(env, value, &result) != napi_ok) return NULL;
  return result;
}

static int int_arg(napi_env env, napi_value value, int *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

static napi_value open_socket(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int family, ttl;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || !int_arg(env, argv[0], &family) || !int_arg(env, argv[1], &ttl) || (family != 4 && family != 6)) {
    napi_throw_type_error(env, NULL, "udp_batch.openSocket(family 4 | 6, multicastTtl)");
    return NULL;
  }
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return int_value(env, -errno);
  if (ttl >= 0) {
    int loop = 1;
    int failed = family == 6
                     ? setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl) || setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop)
                     : setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) || setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
    if (failed) {
      int error = errno;
      close(fd);
      return int_value(env, -error);
    }
  }
  return int_value(env, fd);
}

static napi_value make_sockaddr(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int family, port;
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  size_t length;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || !int_arg(env, argv[0], &family) || !int_arg(env, argv[2], &port) || (family != 4 && family != 6) || port < 0 || port > 65535 ||
      napi_get_value_string_utf8(env, argv[1], address, sizeof address, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "udp_batch.sockaddr(family 4 | 6, address, port)");
    return NULL;
  }
  napi_value undefined;
  CHECK(env, napi_get_undefined(env, &undefined));
  if (length >= sizeof address - 1) return undefined;
  void *data;
  napi_value buffer;
  if (family == 4) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, address, &sin.sin_addr) != 1) return undefined;
    CHECK(env, napi_create_buffer_copy(env, sizeof sin, &sin, &data, &buffer));
    return buffer;
  }
  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof sin6);
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons((uint16_t)port);
  char *scope = strchr(address, '%');
  if (scope) {
    *scope++ = '\0';
    char *end;
    unsigned long index = strtoul(scope, &end, 10);
    sin6.sin6_scope_id = *scope && !*end ? (uint32_t)index : if_nametoindex(scope);
    if (!sin6.sin6_scope_id) return undefined;
  }
  if (inet_pton(AF_INET6, address, &sin6.sin6_addr) != 1) return undefined;
  CHECK(env, napi_create_buffer_copy(env, sizeof sin6, &sin6, &data, &buffer));
  return buffer;
}

/* The bytes of a Uint8Array (a Buffer, or a view of one) without copying. */
static int view_bytes(napi_env env, napi_value value, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value arraybuffer;
  size_t offset;
  return napi_get_typedarray_info(env, value, &type, length, data, &arraybuffer, &offset) == napi_ok && type == napi_uint8_array;
}

static napi_value send_batch(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int fd;
  uint32_t count, destination_count;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || !int_arg(env, argv[0], &fd) || napi_get_array_length(env, argv[1], &count) != napi_ok ||
      napi_get_array_length(env, argv[2], &destination_count) != napi_ok || destination_count != count) {
    napi_throw_type_error(env, NULL, "udp_batch.send(fd, datagrams[], destinations[] of the same length)");
    return NULL;
  }
  struct mmsghdr messages[BATCH_MAX];
  struct iovec vectors[BATCH_MAX];
  uint32_t sent = 0;
  int error = 0;
  while (sent < count && !error) {
    uint32_t batch = count - sent < BATCH_MAX ? count - sent : BATCH_MAX;
    memset(messages, 0, sizeof(struct mmsghdr) * batch);
    for (uint32_t i = 0; i < batch; i++) {
      napi_value datagram, destination;
      void *address;
      size_t address_length;
      CHECK(env, napi_get_element(env, argv[1], sent + i, &datagram));
      CHECK(env, napi_get_element(env, argv[2], sent + i, &destination));
      if (!view_bytes(env, datagram, &vectors[i].iov_base, &vectors[i].iov_len) || !view_bytes(env, destination, &address, &address_length)) {
        napi_throw_type_error(env, NULL, "udp_batch.send: datagrams and destinations are Uint8Arrays");
        return NULL;
      }
      messages[i].msg_hdr.msg_iov = &vectors[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_name = address;
      messages[i].msg_hdr.msg_namelen = (socklen_t)address_length;
    }
    int result = sendmmsg(fd, messages, batch, 0);
    if (result < 0) {
      if (errno != EINTR) error = errno;
    } else if (result == 0) {
      /* Not expected for a non-empty batch; never spin on it. */
      error = EAGAIN;
    } else {
      /* Fewer than the batch: the next call starts at the datagram that failed and says why. */
      sent += (uint32_t)result;
    }
  }
  napi_value pair;
  CHECK(env, napi_create_array_with_length(env, 2, &pair));
  CHECK(env, napi_set_element(env, pair, 0, int_value(env, (int)sent)));
  CHECK(env, napi_set_element(env, pair, 1, int_value(env, error)));
  return pair;
}

static napi_value close_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int fd;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || !int_arg(env, argv[0], &fd) || fd < 0) {
    napi_throw_type_error(env, NULL, "udp_batch.close(fd)");
    return NULL;
  }
  return int_value(env, close(fd) == 0 ? 0 : -errno);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"openSocket", NULL, open_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sockaddr", NULL, make_sockaddr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, send_batch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_socket, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) return NULL;
  return exports;
}
