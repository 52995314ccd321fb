package answer

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"brief/internal/brief"
)

func TestExp(t *testing.T) {
	if os.Getenv("EXP") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	var arts []*brief.Article
	var idxs []*Index
	var qas [][]squadQA
	for _, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		var q []squadQA
		for pi, par := range d.Paragraphs {
			for _, s := range brief.SplitSentences(par.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range par.QAs {
				x := squadQA{question: qa.Question}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				q = append(q, x)
			}
		}
		arts = append(arts, a)
		idxs = append(idxs, NewIndex(a))
		qas = append(qas, q)
	}
	variants := map[string]func(p *params){
		"default": func(p *params) {},
	}
	for _, v := range strings.Fields(os.Getenv("EXP")) {
		v := v
		variants[v] = func(p *params) {
			for _, kv := range strings.Split(v, ",") {
				var name string
				var val2 float64
				fmt.Sscanf(strings.Replace(kv, "=", " ", 1), "%s %g", &name, &val2)
				switch name {
				case "context":
					p.context = val2
				case "elsewhere":
					p.elsewhere = val2
				case "kind":
					p.kind = val2
				case "missing":
					p.missing = val2
				case "phrase":
					p.phrase = val2
				case "echo":
					p.echo = val2
				default:
					panic(name)
				}
			}
		}
	}
	names := make([]string, 0)
	for k := range variants {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		p := defaults
		variants[name](&p)
		var right, wrong []float64
		var oks []bool
		correct, n := 0, 0
		kindN := map[kind][2]int{}
		var fails []string
		for i, a := range arts {
			for _, qa := range qas[i] {
				n++
				ans := idxs[i].ask(qa.question, p)
				right = append(right, ans.Confidence)
				ok := false
				if ans.Sentence >= 0 {
					text := a.Sentences[ans.Sentence]
					if ans.Sentence > 0 && leansBack(text) {
						text = a.Sentences[ans.Sentence-1] + " " + text
					}
					ok = containsGold(text, qa.golds)
				}
				oks = append(oks, ok)
				k := parseQuestion(qa.question, brief.Stem).kind
				c := kindN[k]
				c[1]++
				if ok {
					correct++
					c[0]++
				} else if len(fails) < 400 && os.Getenv("FAILS") != "" {
					s := ""
					if ans.Sentence >= 0 {
						s = a.Sentences[ans.Sentence]
					}
					fails = append(fails, fmt.Sprintf("Q: %s [%s] gold=%q\n  got(%.2f): %s", qa.question, k, qa.golds[0], ans.Confidence, s))
				}
				kindN[k] = c
				w := idxs[(i+1)%len(idxs)].ask(qa.question, p)
				wrong = append(wrong, w.Confidence)
			}
		}
		fmt.Printf("%-14s acc %.2f%%", name, 100*float64(correct)/float64(n))
		if os.Getenv("CONF") != "" {
			for _, th := range []float64{0.4, 0.45, 0.5} {
				var ac, aw, xc, xw int
				for i, c := range right {
					switch {
					case c >= th && oks[i]:
						ac++
					case c >= th:
						aw++
					case oks[i]:
						xc++
					default:
						xw++
					}
				}
				fmt.Printf("\n  th%.2f answered: correct %d wrong %d (precision %.1f%%); abstained: would-be-correct %d wrong %d", th, ac, aw, 100*float64(ac)/float64(ac+aw), xc, xw)
			}
			fmt.Println()
		}
		for _, th := range []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6} {
			fmt.Printf(" | th%.2f R%.1f W%.1f", th, 100*below(right, th), 100*below(wrong, th))
		}
		fmt.Println()
		if os.Getenv("KINDS") != "" {
			for k, c := range kindN {
				fmt.Printf("   %-9s %4d/%4d %.1f%%\n", k, c[0], c[1], 100*float64(c[0])/float64(c[1]))
			}
		}
		if len(fails) > 0 {
			os.WriteFile("/tmp/exp/fails.txt", []byte(strings.Join(fails, "\n")), 0o644)
		}
	}
}

func below(xs []float64, th float64) float64 {
	n := 0
	for _, x := range xs {
		if x < th {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

func (ix *Index) rankAll(q string, p params) []candidate {
	qu := parseQuestion(q, ix.stemRO)
	total := ix.prepare(&qu)
	var out []candidate
	for sid := range ix.sents {
		var mask uint32
		for i, t := range qu.terms {
			if t.id >= 0 && contains(ix.sents[sid].terms, t.id) {
				mask |= 1 << i
			}
		}
		c := candidate{sent: int32(sid), mask: mask, direct: qu.directWeight(mask)}
		ix.score(&qu, &c, total, p)
		c.direct /= total
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank > out[j].rank })
	return out
}

func TestDiag(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	hist := map[string]int{}
	var lines []string
	for _, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		var q []squadQA
		for pi, par := range d.Paragraphs {
			for _, s := range brief.SplitSentences(par.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range par.QAs {
				x := squadQA{question: qa.Question}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				q = append(q, x)
			}
		}
		ix := NewIndex(a)
		for _, qa := range q {
			all := ix.rankAll(qa.question, defaults)
			if containsGold(a.Sentences[all[0].sent], qa.golds) {
				hist["ok"]++
				continue
			}
			for r, c := range all {
				if containsGold(a.Sentences[c.sent], qa.golds) {
					b := "rank2-3"
					switch {
					case r >= 10:
						b = "rank10+"
					case r >= 3:
						b = "rank4-10"
					}
					if c.direct >= all[0].direct-0.001 {
						b += " gold-direct>=top"
					} else {
						b += " gold-direct<top"
					}
					hist[b]++
					if a.Paras[ix.sents[c.sent].idx] == a.Paras[ix.sents[all[0].sent].idx] {
						hist["samepara"]++
					}
					if c.sent == all[0].sent+1 || c.sent == all[0].sent-1 {
						hist["adjacent"]++
					}
					if len(lines) < 300 {
						lines = append(lines, fmt.Sprintf("Q: %s gold=%q\n  top  r%.2f d%.2f: %s\n  gold#%d r%.2f d%.2f: %s", qa.question, qa.golds[0], all[0].rank, all[0].direct, a.Sentences[all[0].sent], r+1, c.rank, c.direct, a.Sentences[c.sent]))
					}
					break
				}
			}
		}
	}
	fmt.Println(hist)
	os.WriteFile("/tmp/exp/diag.txt", []byte(strings.Join(lines, "\n")), 0o644)
}

func TestBase(t *testing.T) {
	if os.Getenv("BASE") == "" {
		t.Skip()
	}
	f, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	rep, err := EvalSQuAD(f)
	fmt.Println(rep, err)
}

func TestPara(t *testing.T) {
	if os.Getenv("PARA") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	n, top1, top3 := 0, 0, 0
	for _, d := range f.Data {
		// each paragraph as one "sentence"
		a := &brief.Article{Title: d.Title}
		for pi, par := range d.Paragraphs {
			a.Sentences = append(a.Sentences, par.Context)
			a.Paras = append(a.Paras, pi)
		}
		ix := NewIndex(a)
		p := defaults
		p.context, p.elsewhere, p.kind, p.phrase, p.echo = 0, 0, 0, 0, 0
		for pi, par := range d.Paragraphs {
			for _, qa := range par.QAs {
				n++
				all := ix.rankAll(qa.Question, p)
				if int(all[0].sent) == pi {
					top1++
				}
				for _, c := range all[:3] {
					if int(c.sent) == pi {
						top3++
					}
				}
			}
		}
	}
	fmt.Printf("paragraph retrieval: top1 %.1f%% top3 %.1f%%\n", 100*float64(top1)/float64(n), 100*float64(top3)/float64(n))
}

func TestMissing(t *testing.T) {
	if os.Getenv("MISS") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	miss := map[string]int{}
	var ex []string
	for _, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		var q []squadQA
		for pi, par := range d.Paragraphs {
			for _, s := range brief.SplitSentences(par.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range par.QAs {
				x := squadQA{question: qa.Question}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				q = append(q, x)
			}
		}
		ix := NewIndex(a)
		for _, qa := range q {
			ans := ix.Ask(qa.question)
			if ans.Sentence >= 0 && containsGold(a.Sentences[ans.Sentence], qa.golds) {
				continue
			}
			for i, s := range a.Sentences {
				if !containsGold(s, qa.golds) {
					continue
				}
				sw := map[string]bool{}
				for _, w := range brief.Words(s) {
					sw[brief.Stem(w)] = true
				}
				for _, w := range brief.Words(qa.question) {
					if isContent(w) && !sw[brief.Stem(w)] {
						miss[w]++
						if len(ex) < 3000 {
							ex = append(ex, w+" | "+strings.Join(brief.Words(s), " "))
						}
					}
				}
				_ = i
				break
			}
		}
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range miss {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v })
	for _, x := range kvs[:80] {
		fmt.Printf("%s:%d ", x.k, x.v)
	}
	fmt.Println()
	os.WriteFile("/tmp/exp/miss.txt", []byte(strings.Join(ex, "\n")), 0o644)
}

func TestParaCos(t *testing.T) {
	if os.Getenv("PARACOS") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	n := 0
	hits := map[string]int{}
	for _, d := range f.Data {
		np := len(d.Paragraphs)
		ptf := make([]map[string]float64, np)
		df := map[string]int{}
		for pi, par := range d.Paragraphs {
			ptf[pi] = map[string]float64{}
			for _, w := range brief.Words(par.Context) {
				if !isContent(w) {
					continue
				}
				ptf[pi][brief.Stem(w)]++
			}
			for w := range ptf[pi] {
				df[w]++
			}
		}
		idfp := func(w string) float64 { return math.Log(float64(np) / float64(max(df[w], 1))) }
		norms := make([]float64, np)
		vecs := make([]map[string]float64, np)
		for pi := range ptf {
			vecs[pi] = map[string]float64{}
			for w, c := range ptf[pi] {
				v := (1 + math.Log(c)) * idfp(w)
				vecs[pi][w] = v
				norms[pi] += v * v
			}
			norms[pi] = math.Sqrt(norms[pi])
		}
		for pi, par := range d.Paragraphs {
			for _, qa := range par.QAs {
				n++
				qv := map[string]float64{}
				for _, w := range brief.Words(qa.Question) {
					if isContent(w) {
						qv[brief.Stem(w)] = idfp(brief.Stem(w))
					}
				}
				best, bestS := -1, -1.0
				best2, bestS2 := -1, -1.0
				for pj := range vecs {
					dot := 0.0
					for w, qw := range qv {
						dot += qw * vecs[pj][w]
					}
					cos := dot / (norms[pj] + 1e-9)
					if cos > bestS {
						best, bestS = pj, cos
					}
					if dot > bestS2 {
						best2, bestS2 = pj, dot
					}
				}
				if best == pi {
					hits["cos"]++
				}
				if best2 == pi {
					hits["dot"]++
				}
			}
		}
	}
	fmt.Println(n, hits)
}

func TestKindDiag(t *testing.T) {
	if os.Getenv("KD") == "" {
		t.Skip()
	}
	data, _ := os.Open("../../../shared/data/squad-dev/squad-dev-even.json")
	var f squadFile
	json.NewDecoder(data).Decode(&f)
	type st struct {
		gold, goldK, other, otherK int
		gn, on                     float64
	}
	m := map[kind]*st{}
	for _, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		var q []squadQA
		for pi, par := range d.Paragraphs {
			for _, s := range brief.SplitSentences(par.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range par.QAs {
				x := squadQA{question: qa.Question}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				q = append(q, x)
			}
		}
		ix := NewIndex(a)
		for _, qa := range q {
			all := ix.rankAll(qa.question, defaults)
			qu := parseQuestion(qa.question, ix.stemRO)
			ix.prepare(&qu)
			if m[qu.kind] == nil {
				m[qu.kind] = &st{}
			}
			x := m[qu.kind]
			for _, c := range all[:10] {
				hk := ix.kindNear(&qu, &ix.sents[c.sent], c.mask) > 0
				near := ix.kindNear(&qu, &ix.sents[c.sent], c.mask)
				if containsGold(a.Sentences[c.sent], qa.golds) {
					x.gold++
					x.gn += near
					if hk {
						x.goldK++
					}
				} else {
					x.other++
					x.on += near
					if hk {
						x.otherK++
					}
				}
			}
		}
	}
	for k, x := range m {
		fmt.Printf("%-9s gold %d has %.0f%% near %.2f  other %d has %.0f%% near %.2f\n", k, x.gold, 100*float64(x.goldK)/float64(x.gold), x.gn/float64(x.gold), x.other, 100*float64(x.otherK)/float64(x.other), x.on/float64(x.other))
	}
}

func TestSample(t *testing.T) {
	if os.Getenv("SAMPLE") == "" {
		t.Skip()
	}
	path := "../../articles/2023-09-11-kim-jong-un-train-to-russia.txt"
	data, _ := os.ReadFile(path)
	a, err := brief.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(a)
	for _, q := range strings.Split(os.Getenv("SAMPLE"), "|") {
		ans := ix.ask(q, defaults)
		fmt.Printf("Q: %s\n  answered=%v conf=%.2f score=%.2f sent=%d: %s\n", q, ans.Answered, ans.Confidence, ans.Score, ans.Sentence, ans.Text)
		for i, c := range ix.rankAll(q, defaults)[:3] {
			fmt.Printf("    #%d r%.2f c%.2f [%d] %.90s\n", i+1, c.rank, c.conf, c.sent, a.Sentences[c.sent])
		}
	}
}

