/*
 * Small C shims for what Swift cannot call directly: variadic functions, type-check and cast
 * macros, and globals that Swift 6 rejects as not concurrency-safe. Each shim is named after the
 * library it wraps (ccurl_, cgmime_, cpcre2_, cxml_, csqlite_).
 */
#ifndef ARCHIVIST_CSHIMS_H
#define ARCHIVIST_CSHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <curl/curl.h>
#include <gmime/gmime.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlmemory.h>

/* SQLite: SQLITE_TRANSIENT is a cast of -1 to a function pointer. */
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/* libcurl: curl_easy_setopt / curl_easy_getinfo are variadic. */
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb);
}
static inline CURLcode ccurl_setopt_debug_callback(CURL *h, int (*cb)(CURL *, curl_infotype, char *, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, cb);
}
static inline CURLcode ccurl_setopt_read_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb);
}
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_socket(CURL *h, curl_socket_t *v) { return curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, v); }

/* GMime: GObject type checks and casts are macros. */
static inline int cgmime_is_multipart(GMimeObject *o) { return GMIME_IS_MULTIPART(o); }
static inline int cgmime_is_part(GMimeObject *o) { return GMIME_IS_PART(o); }
static inline int cgmime_is_text_part(GMimeObject *o) { return GMIME_IS_TEXT_PART(o); }
static inline int cgmime_is_message_part(GMimeObject *o) { return GMIME_IS_MESSAGE_PART(o); }
static inline int cgmime_is_mailbox(InternetAddress *a) { return INTERNET_ADDRESS_IS_MAILBOX(a); }
static inline int cgmime_is_group(InternetAddress *a) { return INTERNET_ADDRESS_IS_GROUP(a); }
static inline void cgmime_unref(void *o) { if (o) g_object_unref(G_OBJECT(o)); }
static inline void cgmime_free(void *p) { g_free(p); }

/* PCRE2: the unset ovector marker and the zero-terminated length are macros. */
static inline PCRE2_SIZE cpcre2_unset(void) { return PCRE2_UNSET; }

/* libxml2: xmlFree is a global function pointer, which Swift 6 rejects. */
static inline void cxml_free(void *p) { xmlFree(p); }

#endif
