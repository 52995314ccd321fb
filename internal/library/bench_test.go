package library

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"brief/internal/answer"
	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/store"
)

// The size of BenchmarkLibraryOpen's store:
//
//	go test -run XXX -bench LibraryOpen -benchtime 1x ./internal/library/ \
//	    -args -articles 100000 -days 365 -keep /tmp/lib100k.db
//
// -keep keeps the generated database (and reuses it when it is there), so
// that the service can be measured on it too: start `BRIEF_DB=<a copy>
// BRIEF_HTTP_ADDR=127.0.0.1:0 bot run`, read the start-up from its "ready
// ... startup=" log line and its resident memory from VmRSS in
// /proc/PID/status (at ready, and a minute later once Warm has briefed the
// window). BenchmarkOlder measures reaching the older articles on it.
var (
	benchArticles = flag.Int("articles", 10000, "BenchmarkLibraryOpen: articles in the store")
	benchDays     = flag.Int("days", 365, "BenchmarkLibraryOpen: days over which they arrived, up to now")
	benchKeep     = flag.String("keep", "", "BenchmarkLibraryOpen: database file to keep (reused when it exists)")
)

// newsArticles reads the development sets' news articles (cnndm421,
// bbc100, xsum249 in ../shared/data beside the module), skipping tb when
// they are not there.
func newsArticles(tb testing.TB) []*brief.Article {
	tb.Helper()
	var files []string
	for _, pat := range []string{"cnndm421/article/*.txt", "bbc100/article/*/*.txt", "xsum249/article/*.txt"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", pat))
		files = append(files, m...)
	}
	if len(files) < 500 {
		tb.Skip("needs ../shared/data (cnndm421, bbc100, xsum249)")
	}
	var arts []*brief.Article
	for _, f := range files {
		a, err := articlefile.ReadFile(f)
		if err != nil {
			continue
		}
		arts = append(arts, a)
	}
	return arts
}

// fillStore stores n articles, the news articles recycled (each copy made
// distinct by a last sentence of its own), arriving at even intervals over
// the days up to now.
func fillStore(tb testing.TB, st *store.Store, n, days int, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	src := newsArticles(tb)
	span := time.Duration(days) * 24 * time.Hour
	for i := range n {
		a := *src[i%len(src)]
		a.Sentences = append(a.Sentences[:len(a.Sentences):len(a.Sentences)], fmt.Sprintf("This is dispatch %d of the archive.", i))
		a.Paras = append(a.Paras[:len(a.Paras):len(a.Paras)], a.Paras[len(a.Paras)-1]+1)
		at := now.Add(-span + span/time.Duration(n)*time.Duration(i))
		if _, _, err := st.SaveArticle(ctx, &a, at); err != nil {
			tb.Fatal(err)
		}
	}
}

// heap is the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkLibraryOpen opens a library on a store of -articles articles
// that arrived over -days days, and reports how long opening takes
// (start-s), how many articles the library holds in memory (window: those
// of the last 30 days), the
// live heap after opening and after every briefing is computed (as Warm
// does once the service runs), per article held (B/article,
// warm-B/article), and where it goes: the articles' text (text-B/article),
// the question index (answer-B/article), Match's terms (terms-B/article)
// and the briefings (briefing-B/article).
func BenchmarkLibraryOpen(b *testing.B) {
	ctx := context.Background()
	now := time.Now()
	path := *benchKeep
	if path == "" {
		path = filepath.Join(b.TempDir(), "lib.db")
	}
	_, err := os.Stat(path)
	fresh := err != nil
	opening := time.Now()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Logf("store opened (and migrated) in %s", time.Since(opening).Round(time.Millisecond))
	if fresh {
		t := time.Now()
		fillStore(b, st, *benchArticles, *benchDays, now)
		b.Logf("stored %d articles in %s", *benchArticles, time.Since(t).Round(time.Millisecond))
	}

	var lib *Library
	for b.Loop() {
		lib = nil
		base := heap()
		start := time.Now()
		lib, err = Open(ctx, st, func() time.Time { return now })
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		opened := heap()
		lib.Warm(ctx)
		warm := heap()
		n := float64(lib.Len())
		b.ReportMetric(took.Seconds(), "start-s")
		b.ReportMetric(n, "window")
		b.ReportMetric(float64(opened-base)/n, "B/article")
		b.ReportMetric(float64(warm-base)/n, "warm-B/article")
		b.ReportMetric(float64(warm-base)/(1<<20), "warm-MiB")
	}
	b.StopTimer()

	// Where the memory goes, each part built again on its own.
	arts := make([]*brief.Article, 0, lib.Len())
	for _, e := range lib.Recent(lib.Len()) {
		arts = append(arts, e.Article)
	}
	n := float64(len(arts))
	lib = nil
	base := heap()
	list, err := st.ArticlesArrivedSince(ctx, now.Add(-DefaultWindow))
	if err != nil {
		b.Fatal(err)
	}
	text := heap()
	runtime.KeepAlive(list)
	b.ReportMetric(float64(text-base)/float64(len(list)), "text-B/article")
	list = nil
	base = heap()
	ix := answer.NewIndex(arts...)
	b.ReportMetric(float64(heap()-base)/n, "answer-B/article")
	runtime.KeepAlive(ix)
	runtime.KeepAlive(arts)
	ix = nil
	base = heap()
	var vocab vocabulary
	type termList struct {
		ids     []int32
		weights []float32
	}
	terms := make([]termList, len(arts))
	for i, a := range arts {
		terms[i].ids, terms[i].weights = vocab.add(docTerms(a))
	}
	runtime.KeepAlive(&vocab)
	b.ReportMetric(float64(heap()-base)/n, "terms-B/article")
	runtime.KeepAlive(terms)
	runtime.KeepAlive(&vocab)
	runtime.KeepAlive(arts)
	terms = nil
	base = heap()
	briefings := make([]brief.Briefing, len(arts))
	for i, a := range arts {
		briefings[i] = brief.Brief(a)
	}
	b.ReportMetric(float64(heap()-base)/n, "briefing-B/article")
	runtime.KeepAlive(briefings)
	runtime.KeepAlive(arts)
}

// BenchmarkOlder measures, on the store BenchmarkLibraryOpen keeps
// (-keep), what reaching the articles before the window costs: Ask's look
// in the store (a full-text search and an index of the best five, for a
// question no article of the window answers) and Search (/brief <words>:
// the window's best and the store's), each for questions made of a news
// article's title.
func BenchmarkOlder(b *testing.B) {
	if *benchKeep == "" {
		b.Skip("needs the store BenchmarkLibraryOpen keeps: -args -keep FILE")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *benchKeep)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	lib, err := Open(ctx, st, nil)
	if err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, a := range newsArticles(b) {
		if a.Title != "" {
			qs = append(qs, "What happened: "+a.Title+"?")
		}
	}
	b.Run("ask", func(b *testing.B) {
		var took []time.Duration
		i := 0
		for b.Loop() {
			t := time.Now()
			if _, _, err := lib.askOlder(ctx, qs[i%len(qs)], time.Now(), nil); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t))
			i++
		}
		reportPercentiles(b, took)
	})
	b.Run("search", func(b *testing.B) {
		var took []time.Duration
		i := 0
		for b.Loop() {
			t := time.Now()
			if _, _, err := lib.Search(ctx, qs[i%len(qs)]); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t))
			i++
		}
		reportPercentiles(b, took)
	})
}

// reportPercentiles reports the 50th and 99th percentile of the measured
// durations as p50-ms and p99-ms.
func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
