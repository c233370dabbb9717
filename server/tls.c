/*
 * tls.c — the daemon's TLS context and the questions a session asks of a
 * connection (see tls.h).
 */
#include "tls.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

/* TLS 1.2: forward secrecy and AEAD only (TLS 1.3 has nothing else). */
static const char tls_ciphers_12[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

static void tls_error(char *err, size_t err_size, const char *what,
                      const char *file);

static void
tls_error(char *err, size_t err_size, const char *what, const char *file)
{
	unsigned long code = ERR_peek_last_error();
	const char *reason = tls_reason(code);

	snprintf(err, err_size, "%s %s: %s", what, file,
	         reason[0] != '\0' ? reason : "cannot be used");
	ERR_clear_error();
}

SSL_CTX *
tls_server_new(const char *cert, const char *key, const char *client_ca,
               char *err, size_t err_size)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL) {
		snprintf(err, err_size, "cannot create a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	                             SSL_OP_NO_RENEGOTIATION |
	                             SSL_OP_CIPHER_SERVER_PREFERENCE);
	/* Clients make one connection per command and do not resume: no
	 * session tickets to send after each handshake. */
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (SSL_CTX_set_cipher_list(ctx, tls_ciphers_12) != 1) {
		snprintf(err, err_size, "no usable TLS 1.2 cipher");
		goto fail;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		tls_error(err, err_size, "--tls-cert", cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		tls_error(err, err_size, "--tls-key", key);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, err_size,
		         "--tls-key %s does not belong to the certificate in "
		         "--tls-cert %s",
		         key, cert);
		ERR_clear_error();
		goto fail;
	}
	if (client_ca != NULL && client_ca[0] != '\0') {
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(client_ca);
		if (names == NULL ||
		    SSL_CTX_load_verify_locations(ctx, client_ca, NULL) != 1) {
			if (names != NULL)
				sk_X509_NAME_pop_free(names, X509_NAME_free);
			tls_error(err, err_size, "--tls-client-ca", client_ca);
			goto fail;
		}
		SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(
		    ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
		    NULL);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void
tls_describe(const SSL *ssl, char *out, size_t size)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	snprintf(out, size, "%s %s", SSL_get_version(ssl),
	         c != NULL ? SSL_CIPHER_get_name(c) : "?");
}

bool
tls_peer_name(const SSL *ssl, char *out, size_t size)
{
	X509 *peer = SSL_get1_peer_certificate(ssl);
	int n = -1;

	out[0] = '\0';
	if (peer == NULL)
		return false;
	if (SSL_get_verify_result(ssl) == X509_V_OK)
		n = X509_NAME_get_text_by_NID(X509_get_subject_name(peer),
		                              NID_commonName, out, (int)size);
	X509_free(peer);
	if (n <= 0) {
		out[0] = '\0';
		return false;
	}
	return true;
}

bool
tls_cert_allows(const char *cert_name, const char *role, const char *ward,
                char *why_buf, size_t why_size)
{
	char want[32];

	if (strcmp(role, "ward") == 0)
		snprintf(want, sizeof want, "ward-%s", ward);
	else
		snprintf(want, sizeof want, "district");
	if (strcmp(cert_name, want) == 0)
		return true;
	snprintf(why_buf, why_size,
	         "a %s token%s%s needs the certificate of office '%s'; this "
	         "connection showed '%s'",
	         role, strcmp(role, "ward") == 0 ? " of ward " : "",
	         strcmp(role, "ward") == 0 ? ward : "", want, cert_name);
	return false;
}

const char *
tls_reason(unsigned long code)
{
	const char *r = code != 0 ? ERR_reason_error_string(code) : NULL;
	return r != NULL ? r : "";
}
