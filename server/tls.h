/*
 * tls.h — the daemon's TLS: one server context made at start-up from
 * --tls-cert, --tls-key and (optional) --tls-client-ca, and what a session
 * asks of a connection once its handshake is done.
 *
 * TLS 1.2 or newer only; for TLS 1.2 only ECDHE key exchange with AEAD
 * ciphers (AES-GCM, ChaCha20-Poly1305), TLS 1.3's own suites otherwise; no
 * compression, no renegotiation. With a client CA every client must show a
 * certificate that CA issued (one per office), and the certificate's common
 * name limits which tokens the connection may use (see tls_cert_allows).
 */
#ifndef ANSINH_TLS_H
#define ANSINH_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

/* The first byte of a TLS connection (a handshake record). */
#define TLS_RECORD_HANDSHAKE 0x16

/*
 * The server context, or NULL with a message in err naming the file and the
 * reason. client_ca may be NULL or "" (no client certificates). Freed with
 * SSL_CTX_free.
 */
SSL_CTX *tls_server_new(const char *cert, const char *key,
                        const char *client_ca, char *err, size_t err_size);

/* "TLSv1.3 TLS_AES_256_GCM_SHA384" */
void tls_describe(const SSL *ssl, char *out, size_t size);

/* The common name of the client's verified certificate into out; false when
 * it showed none. */
bool tls_peer_name(const SSL *ssl, char *out, size_t size);

/*
 * May a connection whose certificate is named cert_name use a token of this
 * role ("ward", "district", "auditor") and ward? A ward token needs the
 * certificate of its ward's office ("ward-AK"); district and auditor tokens
 * need the district office's ("district"). On false, why says so (static
 * text with the names, written into why_buf).
 */
bool tls_cert_allows(const char *cert_name, const char *role, const char *ward,
                     char *why_buf, size_t why_size);

/* The reason of the last OpenSSL error in code ("certificate verify
 * failed"), or "" */
const char *tls_reason(unsigned long code);

#endif
