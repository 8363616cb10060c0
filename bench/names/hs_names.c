/*
 * hs_names: many-name whole-word matching with Hyperscan, for the name-matching
 * benchmark (bench/names/run.sh).  A benchmark tool only: Archivist never links
 * Hyperscan.
 *
 *   hs_names [--regex] [--word=unicode|ascii] NAMES_FILE TEXT_FILE
 *
 * NAMES_FILE holds one literal name per line (UTF-8; empty lines skipped).
 * TEXT_FILE is memory-mapped (MAP_POPULATE, before the clock starts) and
 * scanned once, in block mode, on one thread.  Prints one line:
 *
 *   compile_seconds=F scan_seconds=F matches=N db_mb=F rss_mb=F mode=M patterns=N
 *
 * Timing is CLOCK_MONOTONIC; compile_seconds is hs_compile_lit_multi (or
 * hs_compile_multi) alone, scan_seconds is hs_scan including the callback.
 * matches counts every accepted report, overlapping ones included ("Müller" and
 * "Müller Baustoffe" at the same place are two matches).
 *
 * How "whole word, case-insensitive" is done -- the choice, and why:
 *
 * Default (mode=lit): every name is compiled as a pure literal with
 *   hs_compile_lit_multi(..., HS_FLAG_CASELESS, ...) (Hyperscan >= 5.2; Debian 12
 *   ships 5.4).  Hyperscan's literal API has no word-boundary assertion, so the
 *   callback checks the boundaries itself: the match ends at `to`, starts at
 *   `to - len(name)` (a literal has a fixed length, so no SOM tracking is
 *   needed), and it is accepted only if the character before the start and
 *   the character at the end are not word characters.  This is how one would
 *   really use Hyperscan for this job, the check is O(1) per candidate, and
 *   its cost is inside scan_seconds.  Limits: HS_FLAG_CASELESS on literals
 *   folds ASCII letters only ("ŁOMIANKI" does not match "Łomianki"), and there
 *   is no diacritic folding ("Lomianki" does not match either).
 *
 * --regex (mode=regex): every name is escaped (ASCII non-alphanumerics as \xHH,
 *   other bytes as they are) and wrapped as
 *   (?:\A|[^A-Za-z0-9_])<name>(?:[^A-Za-z0-9_]|\z), compiled with
 *   hs_compile_multi and HS_FLAG_CASELESS in byte mode: the same semantics as
 *   `LC_ALL=C grep -F -i -w` (ASCII word characters, ASCII case folding).
 *   This is "the regex way" and is shown for comparison only: compile time and
 *   database size grow with the number of names much faster than for literals.
 *   Rejected alternatives: \b is refused with HS_FLAG_UCP ("\b unsupported in
 *   UCP mode"); without UCP, \b is ASCII-only and never fires before a name
 *   that starts with a non-ASCII letter ("Łomianki" after a space); and the
 *   Unicode classes [^\p{L}\p{N}] with HS_FLAG_UTF8|HS_FLAG_UCP took 84 s to
 *   compile 1000 names into a 50 MB database.  Hyperscan has no lookaround,
 *   so the boundary classes consume the separator; every match is reported
 *   anyway, so that changes no count.
 *
 * Word characters for the literal mode's boundary check (--word):
 *   unicode (default): ASCII letters and digits, plus any non-ASCII code point
 *     that is a letter or digit, approximated by ranges (Latin-1 letters,
 *     Latin Extended, IPA, combining marks, Greek, Cyrillic, Latin Extended
 *     Additional, and everything from U+2E80 up except CJK/fullwidth
 *     punctuation).  This follows Archivist's tokenizer (letters and digits
 *     make tokens; '_', '-', '.', quotes and dashes separate them).
 *   ascii: ASCII letters, digits and '_' only, every non-ASCII byte is a
 *     separator -- what `LC_ALL=C grep -w` does.
 *
 * Build: gcc -O2 -o hs_names hs_names.c $(pkg-config --cflags --libs libhs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hs.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what) {
    fprintf(stderr, "hs_names: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* ---------------------------------------------------------------------- */
/* Word characters                                                          */

static int ascii_only = 0;
static unsigned char ascii_word[128];

static void init_ascii_word(void) {
    for (int c = 0; c < 128; c++) {
        ascii_word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (ascii_only) ascii_word['_'] = 1;
}

/* Whether a non-ASCII code point counts as a letter or digit (approximation). */
static int cp_is_word(uint32_t cp) {
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;   /* Latin-1 punctuation, NBSP, symbols */
    if (cp == 0xD7 || cp == 0xF7) return 0;                         /* multiplication, division signs */
    if (cp < 0x2C0) return 1;                                       /* Latin-1 letters, Latin Ext-A/B, IPA */
    if (cp < 0x300) return 0;                                       /* spacing modifier letters */
    if (cp < 0x370) return 1;                                       /* combining diacritics stay in the word */
    if (cp < 0x530) return cp != 0x37E && cp != 0x387;              /* Greek, Cyrillic */
    if (cp < 0x2000) return 1;                                      /* other alphabets, Latin Ext Additional */
    if (cp < 0x2E80) return 0;                                      /* punctuation, currency, arrows, symbols */
    if (cp >= 0x3000 && cp < 0x3040) return 0;                      /* CJK punctuation */
    if (cp >= 0xFE30 && cp < 0xFE70) return 0;                      /* CJK compatibility forms */
    if (cp >= 0xFF00 && cp < 0xFF10) return 0;                      /* fullwidth punctuation */
    if (cp >= 0xFFF0 && cp < 0x10000) return 0;                     /* specials */
    return 1;
}

/* Decodes the UTF-8 sequence at p (end e); returns the code point, or 0xFFFD. */
static uint32_t decode_at(const unsigned char *p, const unsigned char *e) {
    unsigned char b = p[0];
    int n;
    uint32_t cp;
    if (b < 0x80) return b;
    if (b >= 0xF0) { n = 3; cp = b & 0x07; }
    else if (b >= 0xE0) { n = 2; cp = b & 0x0F; }
    else if (b >= 0xC0) { n = 1; cp = b & 0x1F; }
    else return 0xFFFD;
    if (e - p <= n) return 0xFFFD;                                  /* truncated at the end */
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    return cp;
}

/* Whether the character starting at text[i] is a word character. */
static inline int word_at(const unsigned char *text, size_t len, size_t i) {
    unsigned char b = text[i];
    if (b < 0x80) return ascii_word[b];
    if (ascii_only) return 0;
    return cp_is_word(decode_at(text + i, text + len));
}

/* Whether the character ending just before text[i] is a word character. */
static inline int word_before(const unsigned char *text, size_t len, size_t i) {
    unsigned char b = text[i - 1];
    if (b < 0x80) return ascii_word[b];
    if (ascii_only) return 0;
    size_t s = i - 1;
    int back = 0;
    while (s > 0 && (text[s] & 0xC0) == 0x80 && back < 3) { s--; back++; }
    return cp_is_word(decode_at(text + s, text + len));
}

/* ---------------------------------------------------------------------- */
/* Match callbacks                                                          */

struct scan_ctx {
    const unsigned char *text;
    size_t len;
    const size_t *lens;
    unsigned long long matches;
};

static int on_literal(unsigned int id, unsigned long long from, unsigned long long to,
                      unsigned int flags, void *ctxp) {
    (void)from; (void)flags;
    struct scan_ctx *ctx = ctxp;
    size_t end = (size_t)to;
    size_t start = end - ctx->lens[id];
    if (start > 0 && word_before(ctx->text, ctx->len, start)) return 0;
    if (end < ctx->len && word_at(ctx->text, ctx->len, end)) return 0;
    ctx->matches++;
    return 0;
}

static int on_regex(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctxp) {
    (void)id; (void)from; (void)to; (void)flags;
    ((struct scan_ctx *)ctxp)->matches++;
    return 0;
}

/* ---------------------------------------------------------------------- */

/* See the header comment: grep -w's word characters, consumed rather than asserted. */
#define WORD_BEFORE "(?:\\A|[^A-Za-z0-9_])"
#define WORD_AFTER "(?:[^A-Za-z0-9_]|\\z)"

static char *escape_regex(const char *name, size_t len) {
    char *out = malloc(len * 4 + sizeof WORD_BEFORE + sizeof WORD_AFTER);
    if (!out) die("malloc");
    size_t o = 0;
    o += (size_t)sprintf(out + o, "%s", WORD_BEFORE);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            out[o++] = (char)c;
        } else {
            o += (size_t)sprintf(out + o, "\\x%02X", c);
        }
    }
    o += (size_t)sprintf(out + o, "%s", WORD_AFTER);
    out[o] = 0;
    return out;
}

static double max_rss_mb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;  /* ru_maxrss is in KiB on Linux */
}

static void usage(void) {
    fprintf(stderr, "usage: hs_names [--regex] [--word=unicode|ascii] NAMES_FILE TEXT_FILE\n");
    exit(2);
}

int main(int argc, char **argv) {
    int regex_mode = 0;
    int argi = 1;
    for (; argi < argc && strncmp(argv[argi], "--", 2) == 0; argi++) {
        if (strcmp(argv[argi], "--regex") == 0) regex_mode = 1;
        else if (strcmp(argv[argi], "--word=ascii") == 0) ascii_only = 1;
        else if (strcmp(argv[argi], "--word=unicode") == 0) ascii_only = 0;
        else usage();
    }
    if (argc - argi != 2) usage();
    const char *names_path = argv[argi], *text_path = argv[argi + 1];
    init_ascii_word();

    if (hs_valid_platform() != HS_SUCCESS) {
        fprintf(stderr, "hs_names: this CPU is not supported by Hyperscan (needs SSSE3)\n");
        return 1;
    }

    /* Names: one per line. */
    FILE *nf = fopen(names_path, "rb");
    if (!nf) die(names_path);
    size_t cap = 1024, count = 0;
    char **names = malloc(cap * sizeof *names);
    size_t *lens = malloc(cap * sizeof *lens);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    while ((got = getline(&line, &line_cap, nf)) != -1) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) got--;
        if (got == 0) continue;
        if (count == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof *names);
            lens = realloc(lens, cap * sizeof *lens);
            if (!names || !lens) die("realloc");
        }
        names[count] = malloc((size_t)got + 1);
        if (!names[count]) die("malloc");
        memcpy(names[count], line, (size_t)got);
        names[count][got] = 0;
        lens[count] = (size_t)got;
        count++;
    }
    free(line);
    fclose(nf);
    if (count == 0) { fprintf(stderr, "hs_names: no names in %s\n", names_path); return 1; }
    if (count > UINT_MAX) { fprintf(stderr, "hs_names: too many names\n"); return 1; }

    /* Text: mapped and faulted in before any clock starts. */
    int fd = open(text_path, O_RDONLY);
    if (fd < 0) die(text_path);
    struct stat st;
    if (fstat(fd, &st) != 0) die(text_path);
    size_t text_len = (size_t)st.st_size;
    if (text_len == 0 || text_len > UINT_MAX) {
        fprintf(stderr, "hs_names: %s: size must be 1..4 GiB (block mode)\n", text_path);
        return 1;
    }
    const unsigned char *text = mmap(NULL, text_len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (text == MAP_FAILED) die("mmap");
    close(fd);

    unsigned *ids = malloc(count * sizeof *ids);
    unsigned *flags = malloc(count * sizeof *flags);
    if (!ids || !flags) die("malloc");
    for (size_t i = 0; i < count; i++) ids[i] = (unsigned)i;

    char **exprs = names;
    if (regex_mode) {
        exprs = malloc(count * sizeof *exprs);
        if (!exprs) die("malloc");
        for (size_t i = 0; i < count; i++) {
            exprs[i] = escape_regex(names[i], lens[i]);
            flags[i] = HS_FLAG_CASELESS;
        }
    } else {
        for (size_t i = 0; i < count; i++) flags[i] = HS_FLAG_CASELESS;
    }

    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    double t0 = now();
    hs_error_t rc = regex_mode
        ? hs_compile_multi((const char *const *)exprs, flags, ids, (unsigned)count,
                           HS_MODE_BLOCK, NULL, &db, &err)
        : hs_compile_lit_multi((const char *const *)exprs, flags, ids, lens, (unsigned)count,
                               HS_MODE_BLOCK, NULL, &db, &err);
    double t1 = now();
    if (rc != HS_SUCCESS) {
        fprintf(stderr, "hs_names: compile failed (pattern %d): %s\n",
                err ? err->expression : -1, err ? err->message : "?");
        hs_free_compile_error(err);
        return 1;
    }
    size_t db_size = 0;
    hs_database_size(db, &db_size);

    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        fprintf(stderr, "hs_names: hs_alloc_scratch failed\n");
        return 1;
    }

    struct scan_ctx ctx = { text, text_len, lens, 0 };
    double t2 = now();
    rc = hs_scan(db, (const char *)text, (unsigned)text_len, 0, scratch,
                 regex_mode ? on_regex : on_literal, &ctx);
    double t3 = now();
    if (rc != HS_SUCCESS) {
        fprintf(stderr, "hs_names: hs_scan failed (%d)\n", rc);
        return 1;
    }

    printf("compile_seconds=%.6f scan_seconds=%.6f matches=%llu db_mb=%.1f rss_mb=%.1f mode=%s patterns=%zu\n",
           t1 - t0, t3 - t2, ctx.matches, (double)db_size / 1e6, max_rss_mb(),
           regex_mode ? "regex" : (ascii_only ? "lit-asciiword" : "lit"), count);

    hs_free_scratch(scratch);
    hs_free_database(db);
    munmap((void *)text, text_len);
    return 0;
}
