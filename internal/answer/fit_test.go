package answer

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/internal/articlefile"
	"brief/internal/brief"
)

var fitConfidence = flag.Bool("fit", false, "fit the confidence model on SQuAD dev-even asked of a library (prints the weights)")

// distractorDirs are the other articles of the library-level evaluation.
var distractorDirs = []string{"../../../shared/data/cnndm421/article", "../../../shared/data/bbc100/article"}

// loadDistractors reads the articles of distractorDirs, or skips the test
// when the shared data is not there.
func loadDistractors(t testing.TB) []*brief.Article {
	t.Helper()
	var arts []*brief.Article
	for _, dir := range distractorDirs {
		var files []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
				files = append(files, p)
			}
			return nil
		})
		if len(files) == 0 {
			t.Skip("no " + dir)
		}
		slices.Sort(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if a, err := articlefile.Parse(f, data); err == nil {
				arts = append(arts, a)
			}
		}
	}
	return arts
}

func libraryRecords(t testing.TB, p params) LibraryReport {
	t.Helper()
	others := loadDistractors(t)
	f, err := os.Open(squadPath)
	if err != nil {
		t.Skip("no ../shared/data/squad-dev:", err)
	}
	defer f.Close()
	rep, err := evalSQuADLibrary(f, others, p)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestFitConfidence fits the confidence model: logistic regression of
// "the best passage is right" on the signals, on SQuAD dev-even asked of
// the library of its articles and the distractors. It reports the model
// cross-validated by article (four folds of six articles; each article's
// questions are scored by a model fitted without them), then fits on all
// and prints the weights for confidenceWeights.
// Run: go test -run TestFitConfidence -fit -v ./internal/answer/
func TestFitConfidence(t *testing.T) {
	if !*fitConfidence {
		t.Skip("run with -fit to fit the confidence model")
	}
	rep := libraryRecords(t, defaults)
	recs := rep.records
	const folds = 4
	cv := crossValidated(recs, nil)
	t.Logf("cross-validated by article (%d folds), log-loss %.4f:\n%s", folds, logLoss(cv), tradeoff(cv, Plausible, Threshold))
	for _, th := range []float64{0.5, 0.6, 0.65, 0.7, 0.75, 0.8} {
		for h := range 2 {
			var right, wrong, n int
			for _, r := range cv {
				if r.art%2 != h {
					continue
				}
				n++
				if r.cov >= Plausible && r.conf >= th {
					if r.right {
						right++
					} else {
						wrong++
					}
				}
			}
			t.Logf("threshold %.2f, %s half: right-confident %.2f%%, wrong-confident %.2f%%, precision %.2f%%",
				th, [2]string{"even", "odd"}[h], 100*share(right, n), 100*share(wrong, n), 100*share(right, right+wrong))
		}
	}
	// Each signal's worth: the cross-validated log-loss without it.
	for drop := range nSignals {
		mask := make([]bool, nSignals)
		mask[drop] = true
		cvd := crossValidated(recs, mask)
		t.Logf("without %-10s log-loss %.4f, wrong-confident at 90%% precision %s", signalNames[drop], logLoss(cvd), atPrecision(cvd, 0.9))
	}
	t.Logf("all signals: log-loss %.4f, wrong-confident at 90%% precision %s", logLoss(cv), atPrecision(cv, 0.9))
	w := fitLogistic(recs, nil)
	var b strings.Builder
	fmt.Fprintf(&b, "var confidenceWeights = [nSignals + 1]float64{\n\t%.4f, // intercept\n", w[0])
	for i, n := range signalNames {
		fmt.Fprintf(&b, "\t%.4f, // %s\n", w[i+1], n)
	}
	b.WriteString("}\n")
	t.Logf("fitted on all %d questions:\n%s", len(recs), b.String())
}

// cvFolds is the number of folds of the cross-validation by article.
const cvFolds = 4

// crossValidated returns recs with each confidence given by a model fitted
// on the other folds' articles.
func crossValidated(recs []libRecord, drop []bool) []libRecord {
	cv := slices.Clone(recs)
	for k := range cvFolds {
		var train []libRecord
		for _, r := range recs {
			if r.art%cvFolds != k {
				train = append(train, r)
			}
		}
		w := fitLogistic(train, drop)
		for i := range cv {
			if cv[i].art%cvFolds == k {
				cv[i].conf = probability(cv[i].sig, &w)
			}
		}
	}
	return cv
}

var variants = flag.Bool("variants", false, "measure the ranking's variants at library level")

// TestLibraryVariants measures what each part of the method brings at
// library level on dev-even: the ranking without word vectors (as before
// them) and with, each with the old rule (answer whenever coverage is
// Plausible) and with the confidence model cross-validated by article.
// Run: go test -run TestLibraryVariants -v ./internal/answer/ -args -variants
func TestLibraryVariants(t *testing.T) {
	if !*variants {
		t.Skip("run with -variants")
	}
	others := loadDistractors(t)
	data, err := os.ReadFile(squadPath)
	if err != nil {
		t.Skip("no ../shared/data/squad-dev:", err)
	}
	noVec := defaults
	noVec.related = 0
	for _, v := range []struct {
		name string
		p    params
	}{
		{"words only", noVec},
		{"words and vectors (shipped)", defaults},
	} {
		rep, err := evalSQuADLibrary(strings.NewReader(string(data)), others, v.p)
		if err != nil {
			t.Fatal(err)
		}
		recs := rep.records
		for h := -1; h < 2; h++ {
			keep := func(r *libRecord) bool { return h < 0 || r.art%2 == h }
			name := [3]string{"all", "even", "odd"}[h+1]
			tl := tallyOf(recs, keep)
			old, oldRight, oldDecl := 0, 0, 0
			for _, r := range recs {
				switch {
				case !keep(&r):
				case r.cov < Plausible:
					oldDecl++
				case r.right:
					oldRight++
				default:
					old++
				}
			}
			cv := crossValidated(recs, nil)
			var right, wrong int
			for _, r := range cv {
				if keep(&r) && r.cov >= Plausible && r.conf >= Threshold {
					if r.right {
						right++
					} else {
						wrong++
					}
				}
			}
			t.Logf("%-28s %-4s acc@1 %.2f%% hit@3 %.2f%% baseline %.2f%% | coverage rule: right %.2f%% wrong %.2f%% declined %.2f%% | cross-validated model at %.2f: right %.2f%% wrong %.2f%% precision %.2f%% | log-loss %.4f",
				v.name, name, 100*share(tl.right, tl.n), 100*share(tl.hit3, tl.n), 100*share(tl.baseline, tl.n),
				100*share(oldRight, tl.n), 100*share(old, tl.n), 100*share(oldDecl, tl.n),
				Threshold, 100*share(right, tl.n), 100*share(wrong, tl.n), 100*share(right, right+wrong), logLoss(cv))
		}
	}
}

// atPrecision describes the lowest threshold whose confident answers are
// right at least prec of the time.
func atPrecision(recs []libRecord, prec float64) string {
	ord := slices.Clone(recs)
	slices.SortFunc(ord, func(a, b libRecord) int { return -cmpF(a.conf, b.conf) })
	right, wrong := 0, 0
	best := "none"
	for _, r := range ord {
		if r.cov < Plausible {
			continue
		}
		if r.right {
			right++
		} else {
			wrong++
		}
		if share(right, right+wrong) >= prec && right+wrong >= 50 {
			best = fmt.Sprintf("%.2f%% (right %.2f%%, threshold %.3f)", 100*share(wrong, len(recs)), 100*share(right, len(recs)), r.conf)
		}
	}
	return best
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func logLoss(recs []libRecord) float64 {
	s := 0.0
	for _, r := range recs {
		p := min(max(r.conf, 1e-9), 1-1e-9)
		if r.right {
			s -= math.Log(p)
		} else {
			s -= math.Log(1 - p)
		}
	}
	return s / float64(len(recs))
}

// fitLogistic fits weights by Newton's method with a small ridge; signals
// whose drop is set get weight 0.
func fitLogistic(recs []libRecord, drop []bool) [nSignals + 1]float64 {
	const m = nSignals + 1
	var w [m]float64
	x := func(r *libRecord, j int) float64 {
		if j == 0 {
			return 1
		}
		if drop != nil && drop[j-1] {
			return 0
		}
		return r.sig[j-1]
	}
	for range 50 {
		var g [m]float64
		var h [m][m]float64
		for i := range recs {
			r := &recs[i]
			z := w[0]
			for j := 1; j < m; j++ {
				z += w[j] * x(r, j)
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if r.right {
				y = 1
			}
			for j := range m {
				xj := x(r, j)
				g[j] += (p - y) * xj
				for k := range m {
					h[j][k] += p * (1 - p) * xj * x(r, k)
				}
			}
		}
		for j := range m {
			h[j][j] += 1e-3 * float64(len(recs)) / 1000
			if j > 0 {
				g[j] += 1e-3 * float64(len(recs)) / 1000 * w[j]
			}
		}
		d := solve(h, g)
		diff := 0.0
		for j := range m {
			w[j] -= d[j]
			diff += math.Abs(d[j])
		}
		if diff < 1e-9 {
			break
		}
	}
	return w
}

// solve solves h·d = g by Gaussian elimination with partial pivoting.
func solve(h [nSignals + 1][nSignals + 1]float64, g [nSignals + 1]float64) [nSignals + 1]float64 {
	const m = nSignals + 1
	for c := range m {
		p := c
		for r := c + 1; r < m; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		if h[c][c] == 0 {
			continue
		}
		for r := c + 1; r < m; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < m; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	var d [m]float64
	for c := m - 1; c >= 0; c-- {
		if h[c][c] == 0 {
			continue
		}
		s := g[c]
		for k := c + 1; k < m; k++ {
			s -= h[c][k] * d[k]
		}
		d[c] = s / h[c][c]
	}
	return d
}
