/*
 * outbox-codec.c — the outbox file's records as bytes (see outbox-codec.h).
 */
#include <stdlib.h>
#include <string.h>

#include "outbox-codec.h"
#include "xmalloc.h"

/* A cursor over a payload being read. */
struct outbox_cur {
	const uint8_t *p;
	size_t left;
	bool ok;
};

static void put_bytes(struct outbox_buf *b, const void *p, size_t len);
static void put_u8(struct outbox_buf *b, uint8_t v);
static void put_u16(struct outbox_buf *b, uint16_t v);
static void put_u32(struct outbox_buf *b, uint32_t v);
static void put_u64(struct outbox_buf *b, uint64_t v);
static void put_text16(struct outbox_buf *b, const char *s);
static uint64_t get_be(struct outbox_cur *c, size_t n);
static void get_bytes(struct outbox_cur *c, void *out, size_t n);
static char *get_text16(struct outbox_cur *c);
static void put_identity(struct outbox_buf *b, const struct outbox_identity *w);
static void get_identity(struct outbox_cur *c, struct outbox_identity *w);
static bool outbox_version_ok(uint8_t v);

uint32_t
outbox_crc32c(uint32_t crc, const void *data, size_t len)
{
	static uint32_t table[256];
	static bool ready;
	const uint8_t *p = data;
	uint32_t c;
	int i, k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
			table[i] = c;
		}
		ready = true;
	}
	crc = ~crc;
	while (len-- > 0)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void
outbox_encode_record(struct outbox_buf *out, uint8_t type,
                     const struct outbox_buf *payload)
{
	uint8_t h[OUTBOX_HEADER];
	uint32_t crc;

	h[0] = 'A';
	h[1] = 'O';
	h[2] = OUTBOX_VERSION;
	h[3] = type;
	h[4] = (uint8_t)(payload->len >> 24);
	h[5] = (uint8_t)(payload->len >> 16);
	h[6] = (uint8_t)(payload->len >> 8);
	h[7] = (uint8_t)payload->len;
	crc = outbox_crc32c(0, h, 8);
	crc = outbox_crc32c(crc, payload->p, payload->len);
	h[8] = (uint8_t)(crc >> 24);
	h[9] = (uint8_t)(crc >> 16);
	h[10] = (uint8_t)(crc >> 8);
	h[11] = (uint8_t)crc;
	put_bytes(out, h, sizeof h);
	put_bytes(out, payload->p, payload->len);
}

void
outbox_encode_entry(struct outbox_buf *b, const struct outbox_entry *e)
{
	put_u64(b, e->id);
	put_u64(b, (uint64_t)e->queued_at);
	put_bytes(b, e->request_id, UUID_SIZE);
	put_u8(b, e->has_record_id ? 1 : 0);
	put_bytes(b, e->record_id, UUID_SIZE);
	put_identity(b, &e->who);
	put_text16(b, e->what);
	put_u32(b, (uint32_t)e->request_len);
	put_bytes(b, e->request, e->request_len);
}

void
outbox_encode_state(struct outbox_buf *b, uint64_t id, enum outbox_state state,
                    int code, const char *reason)
{
	put_u64(b, id);
	put_u8(b, (uint8_t)state);
	put_u32(b, (uint32_t)(int32_t)code);
	put_text16(b, reason);
}

void
outbox_encode_seq(struct outbox_buf *b, uint64_t next_id)
{
	put_u64(b, next_id);
}

void
outbox_encode_claim(struct outbox_buf *b, uint64_t id,
                    const struct outbox_identity *who)
{
	put_u64(b, id);
	put_identity(b, who);
}

bool
outbox_decode_entry(const uint8_t *p, size_t len, int version,
                    struct outbox_entry *e)
{
	struct outbox_cur c = {p, len, true};

	memset(e, 0, sizeof *e);
	e->id = get_be(&c, 8);
	e->queued_at = (int64_t)get_be(&c, 8);
	get_bytes(&c, e->request_id, UUID_SIZE);
	e->has_record_id = get_be(&c, 1) != 0;
	get_bytes(&c, e->record_id, UUID_SIZE);
	if (version >= 2)
		get_identity(&c, &e->who);
	e->what = get_text16(&c);
	e->request_len = (size_t)get_be(&c, 4);
	if (c.ok && e->request_len == c.left) {
		e->request = xmalloc(e->request_len == 0 ? 1 : e->request_len);
		get_bytes(&c, e->request, e->request_len);
	} else {
		c.ok = false;
	}
	if (c.ok && e->id != 0)
		return true;
	free(e->what);
	free(e->request);
	memset(e, 0, sizeof *e);
	return false;
}

bool
outbox_decode_state(const uint8_t *p, size_t len, uint64_t *id, int *state,
                    int *code, char **reason)
{
	struct outbox_cur c = {p, len, true};

	*id = get_be(&c, 8);
	*state = (int)get_be(&c, 1);
	*code = (int)(int32_t)get_be(&c, 4);
	*reason = get_text16(&c);
	if (c.ok && c.left == 0 && *state >= OUTBOX_DELIVERED &&
	    *state <= OUTBOX_DROPPED)
		return true;
	free(*reason);
	*reason = NULL;
	return false;
}

bool
outbox_decode_seq(const uint8_t *p, size_t len, uint64_t *next_id)
{
	struct outbox_cur c = {p, len, true};

	*next_id = get_be(&c, 8);
	return c.ok && c.left == 0;
}

bool
outbox_decode_claim(const uint8_t *p, size_t len, uint64_t *id,
                    struct outbox_identity *who)
{
	struct outbox_cur c = {p, len, true};

	*id = get_be(&c, 8);
	get_identity(&c, who);
	return c.ok && c.left == 0 && who->known;
}

bool
outbox_scan(const uint8_t *data, size_t len, outbox_record_fn fn, void *arg,
            size_t *valid)
{
	size_t off = 0, k, plen;
	uint32_t crc, want;

	while (off < len) {
		const uint8_t *h = data + off;
		size_t left = len - off;

		if (left < OUTBOX_HEADER)
			break;
		if (h[0] != 'A' || h[1] != 'O' || !outbox_version_ok(h[2]))
			break;
		plen = (size_t)h[4] << 24 | (size_t)h[5] << 16 |
		       (size_t)h[6] << 8 | h[7];
		if (plen > OUTBOX_MAX_PAYLOAD || plen > left - OUTBOX_HEADER)
			break;
		want = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 |
		       (uint32_t)h[10] << 8 | h[11];
		crc = outbox_crc32c(0, h, 8);
		crc = outbox_crc32c(crc, h + OUTBOX_HEADER, plen);
		if (crc != want) {
			*valid = off;
			/* A torn last record, or damage before others. */
			return off + OUTBOX_HEADER + plen == len;
		}
		if (!fn(arg, h[2], h[3], h + OUTBOX_HEADER, plen)) {
			*valid = off;
			return false;
		}
		off += OUTBOX_HEADER + plen;
	}
	*valid = off;
	if (off == len)
		return true;
	/* What follows the good records: a header cut short or announcing
	 * more than is there is a torn append; zeros are a torn append that
	 * the file system padded. Anything else is damage. */
	if (len - off >= OUTBOX_HEADER && data[off] == 'A' &&
	    data[off + 1] == 'O' && outbox_version_ok(data[off + 2]))
		return true;
	if (len - off < OUTBOX_HEADER && (data[off] == 'A' || data[off] == 0))
		return true;
	for (k = off; k < len; k++) {
		if (data[k] != 0)
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- helpers */

static void
put_bytes(struct outbox_buf *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = b->len + len + 256;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	if (len > 0)
		memcpy(b->p + b->len, p, len);
	b->len += len;
}

static void
put_u8(struct outbox_buf *b, uint8_t v)
{
	put_bytes(b, &v, 1);
}

static void
put_u16(struct outbox_buf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	put_bytes(b, x, 2);
}

static void
put_u32(struct outbox_buf *b, uint32_t v)
{
	put_u16(b, (uint16_t)(v >> 16));
	put_u16(b, (uint16_t)v);
}

static void
put_u64(struct outbox_buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)(v >> 32));
	put_u32(b, (uint32_t)v);
}

/* Text of at most OUTBOX_MAX_TEXT bytes (longer is cut). */
static void
put_text16(struct outbox_buf *b, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len > OUTBOX_MAX_TEXT)
		len = OUTBOX_MAX_TEXT;
	put_u16(b, (uint16_t)len);
	put_bytes(b, s, len);
}

static uint64_t
get_be(struct outbox_cur *c, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (!c->ok || c->left < n) {
		c->ok = false;
		return 0;
	}
	for (i = 0; i < n; i++)
		v = v << 8 | c->p[i];
	c->p += n;
	c->left -= n;
	return v;
}

static void
get_bytes(struct outbox_cur *c, void *out, size_t n)
{
	if (!c->ok || c->left < n) {
		c->ok = false;
		memset(out, 0, n);
		return;
	}
	memcpy(out, c->p, n);
	c->p += n;
	c->left -= n;
}

static char *
get_text16(struct outbox_cur *c)
{
	size_t len;
	char *s;

	len = (size_t)get_be(c, 2);
	if (!c->ok || c->left < len) {
		c->ok = false;
		return xstrdup("");
	}
	s = xmalloc(len + 1);
	memcpy(s, c->p, len);
	s[len] = '\0';
	c->p += len;
	c->left -= len;
	return s;
}

/* known, the fingerprint, the role, the ward. */
static void
put_identity(struct outbox_buf *b, const struct outbox_identity *w)
{
	static const uint8_t none[OUTBOX_FINGERPRINT];

	put_u8(b, w->known ? 1 : 0);
	put_bytes(b, w->known ? w->token : none, OUTBOX_FINGERPRINT);
	put_u8(b, (uint8_t)(w->known && w->role > 0 && w->role < 256 ? w->role
	                                                             : 0));
	put_text16(b, w->known ? w->ward : "");
}

static void
get_identity(struct outbox_cur *c, struct outbox_identity *w)
{
	char *ward;

	memset(w, 0, sizeof *w);
	w->known = get_be(c, 1) != 0;
	get_bytes(c, w->token, OUTBOX_FINGERPRINT);
	w->role = (int)get_be(c, 1);
	ward = get_text16(c);
	if (strlen(ward) < sizeof w->ward)
		memcpy(w->ward, ward, strlen(ward) + 1);
	else
		c->ok = false;
	free(ward);
	if (!w->known) {
		w->role = 0;
		w->ward[0] = '\0';
	}
}

static bool
outbox_version_ok(uint8_t v)
{
	return v >= OUTBOX_VERSION_MIN && v <= OUTBOX_VERSION;
}
