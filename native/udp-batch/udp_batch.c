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
 *
 *   openPacer(fd, granularityMs) -> a pacer (an external value)
 *       Sends datagrams handed over with a delay when each is due, from a libuv timer on the
 *       calling thread's own event loop: C runs at the due time, no JavaScript and no thread of
 *       its own. A due datagram leaves up to half a granularity early and up to one late; what
 *       is due by one wake-up leaves in sendmmsg(2) calls of up to BATCH_MAX. The pacer does
 *       not own the fd (closePacer first, then close).
 *   pace(pacer, datagrams: Uint8Array[], destinations: Uint8Array[], delaysMs: Float64Array)
 *       -> [sent, failed, errno, failedPort, dropped, lastFailed]
 *       Copies the datagrams (the caller may reuse its buffers), queued after those handed over
 *       before (the order on the wire is the order handed over, whatever the delays), each due
 *       delaysMs[i] from now; sends what is due. Returns what happened since the last call:
 *       datagrams sent; datagrams that failed (each dropped; the next are tried), the last
 *       failure's errno and destination port; datagrams dropped because the queue was full
 *       (QUEUE_MAX_DATAGRAMS or QUEUE_MAX_BYTES: the oldest go); lastFailed 1 when the last send
 *       of those failed (so the caller knows which outcome is the current one). A full socket buffer
 *       (EAGAIN, ENOBUFS) keeps the datagrams and tries again RETRY_MS later.
 *   closePacer(pacer) -> undefined; stops sending and frees what is queued. Idempotent.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
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

/* ---- the pacer ---------------------------------------------------------------------------- */

/* A queued datagram: its bytes follow the struct. */
typedef struct {
  uint64_t due_ns;
  struct sockaddr_storage address;
  socklen_t address_length;
  uint32_t length;
  unsigned char bytes[];
} queued_t;

/* Bounds of what waits: at 4 Mbit/s some 380 datagrams a second, so minutes of a stream. */
#define QUEUE_MAX_DATAGRAMS 32768
#define QUEUE_MAX_BYTES (48u * 1024u * 1024u)
/* Larger than any datagram UDP can carry (65507 bytes over IPv4, 65527 over IPv6): the kernel says EMSGSIZE below this, the pacer refuses above. */
#define MAX_DATAGRAM_BYTES (256u * 1024u)
/* How long datagrams that found the socket's buffer full wait before they are tried again. */
#define RETRY_MS 2

typedef struct {
  uv_timer_t timer;
  napi_env env;
  int fd;
  uint64_t granularity_ns;
  /* A ring of QUEUE_MAX_DATAGRAMS slots. */
  queued_t **ring;
  uint32_t head, count;
  size_t queued_bytes;
  /* Since the last pace(): */
  uint32_t sent, failed, dropped;
  int last_errno, last_failed_port, last_failed;
  /* closing: stopped, the timer's handle closing; handle_closed: libuv is done with it; released: JavaScript is. */
  int closing, handle_closed, released;
} pacer_t;

static void free_queue(pacer_t *pacer) {
  while (pacer->count > 0) {
    free(pacer->ring[pacer->head]);
    pacer->head = (pacer->head + 1) % QUEUE_MAX_DATAGRAMS;
    pacer->count--;
  }
  pacer->queued_bytes = 0;
}

static void pop_front(pacer_t *pacer) {
  queued_t *front = pacer->ring[pacer->head];
  pacer->queued_bytes -= front->length;
  free(front);
  pacer->head = (pacer->head + 1) % QUEUE_MAX_DATAGRAMS;
  pacer->count--;
}

static int port_of(const queued_t *queued) {
  if (queued->address.ss_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)&queued->address)->sin6_port);
  return ntohs(((const struct sockaddr_in *)&queued->address)->sin_port);
}

static void on_timer(uv_timer_t *timer);

/* Sends what is due at now_ns (up to half a granularity early), then sets the timer for the next. */
static void pump(pacer_t *pacer, uint64_t now_ns) {
  if (pacer->closing) return;
  uint64_t send_by = now_ns + pacer->granularity_ns / 2;
  int retry = 0;
  struct mmsghdr messages[BATCH_MAX];
  struct iovec vectors[BATCH_MAX];
  while (pacer->count > 0) {
    uint32_t batch = 0;
    while (batch < BATCH_MAX && batch < pacer->count) {
      queued_t *queued = pacer->ring[(pacer->head + batch) % QUEUE_MAX_DATAGRAMS];
      if (queued->due_ns > send_by) break;
      memset(&messages[batch], 0, sizeof messages[batch]);
      vectors[batch].iov_base = queued->bytes;
      vectors[batch].iov_len = queued->length;
      messages[batch].msg_hdr.msg_iov = &vectors[batch];
      messages[batch].msg_hdr.msg_iovlen = 1;
      messages[batch].msg_hdr.msg_name = &queued->address;
      messages[batch].msg_hdr.msg_namelen = queued->address_length;
      batch++;
    }
    if (batch == 0) break;
    int result = sendmmsg(pacer->fd, messages, batch, 0);
    if (result < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
        retry = 1;
        break;
      }
      /* This datagram failed: counted and dropped; the next are tried. */
      pacer->failed++;
      pacer->last_errno = errno;
      pacer->last_failed_port = port_of(pacer->ring[pacer->head]);
      pacer->last_failed = 1;
      pop_front(pacer);
      continue;
    }
    if (result == 0) {
      retry = 1;
      break;
    }
    for (int i = 0; i < result; i++) pop_front(pacer);
    pacer->sent += (uint32_t)result;
    pacer->last_failed = 0;
  }
  if (pacer->count == 0) {
    uv_timer_stop(&pacer->timer);
    return;
  }
  uint64_t delay_ms = RETRY_MS;
  if (!retry) {
    uint64_t due_ns = pacer->ring[pacer->head]->due_ns;
    uint64_t wait_ns = due_ns > now_ns ? due_ns - now_ns : 0;
    if (wait_ns < pacer->granularity_ns) wait_ns = pacer->granularity_ns;
    delay_ms = (wait_ns + 999999) / 1000000;
  }
  /* A timer set for sooner stays: the one that fires first sends what is due then. */
  if (uv_is_active((uv_handle_t *)&pacer->timer) && uv_timer_get_due_in(&pacer->timer) <= delay_ms) return;
  uv_timer_start(&pacer->timer, on_timer, delay_ms, 0);
}

static void on_timer(uv_timer_t *timer) {
  pacer_t *pacer = (pacer_t *)timer->data;
  pump(pacer, uv_hrtime());
}

static void on_timer_closed(uv_handle_t *handle) {
  pacer_t *pacer = (pacer_t *)handle->data;
  pacer->handle_closed = 1;
  if (pacer->released) {
    free(pacer->ring);
    free(pacer);
  }
}

static void cleanup_hook(void *data);

/* Stops the pacer: the queue freed, the timer's handle closed (the struct goes once libuv and JavaScript are both done). */
static void stop_pacer(pacer_t *pacer, int remove_hook) {
  if (pacer->closing) return;
  pacer->closing = 1;
  if (remove_hook) napi_remove_env_cleanup_hook(pacer->env, cleanup_hook, pacer);
  free_queue(pacer);
  uv_timer_stop(&pacer->timer);
  uv_close((uv_handle_t *)&pacer->timer, on_timer_closed);
}

/* The environment ends (a worker thread, the process): no timer may outlive its loop. */
static void cleanup_hook(void *data) {
  stop_pacer((pacer_t *)data, 0);
}

static void finalize_pacer(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  pacer_t *pacer = (pacer_t *)data;
  pacer->released = 1;
  if (!pacer->closing) {
    stop_pacer(pacer, 1);
    return;
  }
  if (pacer->handle_closed) {
    free(pacer->ring);
    free(pacer);
  }
}

static napi_value open_pacer(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int fd;
  double granularity_ms;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || !int_arg(env, argv[0], &fd) || fd < 0 || napi_get_value_double(env, argv[1], &granularity_ms) != napi_ok || !(granularity_ms >= 1 && granularity_ms <= 1000)) {
    napi_throw_type_error(env, NULL, "udp_batch.openPacer(fd >= 0, granularityMs 1..1000)");
    return NULL;
  }
  uv_loop_t *loop;
  CHECK(env, napi_get_uv_event_loop(env, &loop));
  pacer_t *pacer = calloc(1, sizeof *pacer);
  queued_t **ring = calloc(QUEUE_MAX_DATAGRAMS, sizeof *ring);
  if (!pacer || !ring) {
    free(pacer);
    free(ring);
    napi_throw_error(env, NULL, "udp_batch.openPacer: out of memory");
    return NULL;
  }
  pacer->env = env;
  pacer->fd = fd;
  pacer->ring = ring;
  pacer->granularity_ns = (uint64_t)(granularity_ms * 1e6);
  uv_timer_init(loop, &pacer->timer);
  pacer->timer.data = pacer;
  /* The pacer never keeps the process alive on its own (as an unref'd Node timer would not). */
  uv_unref((uv_handle_t *)&pacer->timer);
  napi_value external;
  if (napi_create_external(env, pacer, finalize_pacer, NULL, &external) != napi_ok) {
    pacer->released = 1;
    stop_pacer(pacer, 0);
    napi_throw_error(env, NULL, "udp_batch.openPacer: napi_create_external");
    return NULL;
  }
  napi_add_env_cleanup_hook(env, cleanup_hook, pacer);
  return external;
}

static pacer_t *pacer_arg(napi_env env, napi_value value) {
  napi_valuetype type;
  void *data = NULL;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external || napi_get_value_external(env, value, &data) != napi_ok) return NULL;
  return (pacer_t *)data;
}

static napi_value pace(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  uint32_t count, destination_count;
  napi_typedarray_type delays_type;
  size_t delays_length, delays_offset;
  void *delays_data;
  napi_value delays_buffer;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  pacer_t *pacer = argc >= 4 ? pacer_arg(env, argv[0]) : NULL;
  if (!pacer || napi_get_array_length(env, argv[1], &count) != napi_ok || napi_get_array_length(env, argv[2], &destination_count) != napi_ok || destination_count != count ||
      napi_get_typedarray_info(env, argv[3], &delays_type, &delays_length, &delays_data, &delays_buffer, &delays_offset) != napi_ok || delays_type != napi_float64_array ||
      delays_length != count) {
    napi_throw_type_error(env, NULL, "udp_batch.pace(pacer, datagrams[], destinations[], delaysMs: Float64Array), all of one length");
    return NULL;
  }
  const double *delays = (const double *)delays_data;
  uint64_t now_ns = uv_hrtime();
  for (uint32_t i = 0; i < count && !pacer->closing; i++) {
    napi_value datagram, destination;
    void *bytes, *address;
    size_t length, address_length;
    CHECK(env, napi_get_element(env, argv[1], i, &datagram));
    CHECK(env, napi_get_element(env, argv[2], i, &destination));
    if (!view_bytes(env, datagram, &bytes, &length) || !view_bytes(env, destination, &address, &address_length) || address_length > sizeof(struct sockaddr_storage) || length > MAX_DATAGRAM_BYTES) {
      napi_throw_type_error(env, NULL, "udp_batch.pace: datagrams (at most 256 KiB; the kernel refuses what UDP cannot carry) and destinations (sockaddr() Buffers) are Uint8Arrays");
      return NULL;
    }
    queued_t *queued = malloc(sizeof *queued + length);
    if (!queued) {
      pacer->dropped++;
      continue;
    }
    memcpy(queued->bytes, bytes, length);
    queued->length = (uint32_t)length;
    memset(&queued->address, 0, sizeof queued->address);
    memcpy(&queued->address, address, address_length);
    queued->address_length = (socklen_t)address_length;
    double delay_ms = delays[i] > 0 && delays[i] < 3.6e6 ? delays[i] : 0;
    queued->due_ns = now_ns + (uint64_t)(delay_ms * 1e6);
    /* Full: the oldest go, so what is sent stays the newest part of the stream. */
    while (pacer->count > 0 && (pacer->count >= QUEUE_MAX_DATAGRAMS || pacer->queued_bytes + length > QUEUE_MAX_BYTES)) {
      pop_front(pacer);
      pacer->dropped++;
    }
    pacer->ring[(pacer->head + pacer->count) % QUEUE_MAX_DATAGRAMS] = queued;
    pacer->count++;
    pacer->queued_bytes += length;
  }
  pump(pacer, now_ns);
  int outcome[6] = {(int)pacer->sent, (int)pacer->failed, pacer->last_errno, pacer->last_failed_port, (int)pacer->dropped, pacer->last_failed};
  pacer->sent = pacer->failed = pacer->dropped = 0;
  pacer->last_errno = pacer->last_failed_port = 0;
  napi_value result;
  CHECK(env, napi_create_array_with_length(env, 6, &result));
  for (uint32_t i = 0; i < 6; i++) CHECK(env, napi_set_element(env, result, i, int_value(env, outcome[i])));
  return result;
}

static napi_value close_pacer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  pacer_t *pacer = argc >= 1 ? pacer_arg(env, argv[0]) : NULL;
  if (!pacer) {
    napi_throw_type_error(env, NULL, "udp_batch.closePacer(pacer)");
    return NULL;
  }
  stop_pacer(pacer, 1);
  napi_value undefined;
  CHECK(env, napi_get_undefined(env, &undefined));
  return undefined;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"openSocket", NULL, open_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sockaddr", NULL, make_sockaddr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, send_batch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openPacer", NULL, open_pacer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pace", NULL, pace, NULL, NULL, NULL, napi_enumerable, NULL},
      {"closePacer", NULL, close_pacer, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) return NULL;
  return exports;
}
