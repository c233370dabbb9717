/*
 * uuid.c — UUIDv7 (RFC 9562, section 5.7) with a 12-bit counter in rand_a
 * (section 6.2, method 1), so that ids made by one process sort in the order
 * they were made, even within one millisecond or when the clock steps back.
 *
 *   0                   1                   2                   3
 *   unix_ts_ms (48 bits)                 | ver=7 | counter (12) |
 *   var=10 | rand_b (62 bits)
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "hex.h"
#include "uuid.h"

#define UUID_COUNTER_MAX 0xfff

/* The last (millisecond, counter) handed out by this process. */
static pthread_mutex_t uuid_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t uuid_last_ms;
static unsigned uuid_counter;

static bool uuid_random(uint8_t *buf, size_t len);
static uint64_t uuid_now_ms(void);
static int uuid_hex_value(char c);

bool
uuid7_generate(uint8_t out[UUID_SIZE])
{
	uint8_t rnd[10]; /* 2 bytes seed the counter, 8 fill rand_b */
	uint64_t now, ms;
	unsigned counter;
	int i;

	if (!uuid_random(rnd, sizeof rnd))
		return false;
	now = uuid_now_ms();

	pthread_mutex_lock(&uuid_lock);
	if (now > uuid_last_ms) {
		/* A new millisecond: start the counter at a random value below
		 * half its range, so that it rarely overflows. */
		uuid_last_ms = now;
		uuid_counter = ((unsigned)rnd[0] << 8 | rnd[1]) & 0x7ff;
	} else if (uuid_counter < UUID_COUNTER_MAX) {
		/* Same millisecond, or the clock went back: keep counting on
		 * the last one. */
		uuid_counter++;
	} else {
		/* The counter is spent: borrow the next millisecond. */
		uuid_last_ms++;
		uuid_counter = ((unsigned)rnd[0] << 8 | rnd[1]) & 0x7ff;
	}
	ms = uuid_last_ms;
	counter = uuid_counter;
	pthread_mutex_unlock(&uuid_lock);

	for (i = 0; i < 6; i++)
		out[i] = (uint8_t)(ms >> (40 - 8 * i));
	out[6] = (uint8_t)(0x70 | (counter >> 8));
	out[7] = (uint8_t)counter;
	memcpy(out + 8, rnd + 2, 8);
	out[8] = (uint8_t)(0x80 | (out[8] & 0x3f));
	return true;
}

void
uuid_format(const uint8_t in[UUID_SIZE], char out[UUID_STR_SIZE])
{
	/* 8-4-4-4-12 digits: 4, 2, 2, 2 and 6 bytes. */
	hex_encode(in, 4, out);
	out[8] = '-';
	hex_encode(in + 4, 2, out + 9);
	out[13] = '-';
	hex_encode(in + 6, 2, out + 14);
	out[18] = '-';
	hex_encode(in + 8, 2, out + 19);
	out[23] = '-';
	hex_encode(in + 10, 6, out + 24);
}

bool
uuid_parse(const char *s, uint8_t out[UUID_SIZE])
{
	uint8_t tmp[UUID_SIZE];
	int i, pos = 0;

	if (s == NULL)
		return false;
	for (i = 0; i < UUID_SIZE; i++) {
		int hi, lo;

		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (s[pos] != '-')
				return false;
			pos++;
		}
		hi = uuid_hex_value(s[pos]);
		if (hi < 0)
			return false;
		lo = uuid_hex_value(s[pos + 1]);
		if (lo < 0)
			return false;
		tmp[i] = (uint8_t)(hi << 4 | lo);
		pos += 2;
	}
	if (s[pos] != '\0')
		return false;
	memcpy(out, tmp, UUID_SIZE);
	return true;
}

bool
uuid_is_nil(const uint8_t in[UUID_SIZE])
{
	uint8_t acc = 0;
	int i;

	for (i = 0; i < UUID_SIZE; i++)
		acc |= in[i];
	return acc == 0;
}

uint64_t
uuid7_millis(const uint8_t in[UUID_SIZE])
{
	uint64_t ms = 0;
	int i;

	for (i = 0; i < 6; i++)
		ms = ms << 8 | in[i];
	return ms;
}

/* Fill buf from getrandom(2), retrying on EINTR and short reads. */
static bool
uuid_random(uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

static uint64_t
uuid_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
uuid_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
