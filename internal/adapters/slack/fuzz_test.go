package slack

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"brief/internal/httpserver"
)

// rawRequest reads a POST to path from raw header lines and a body, as
// the server would read it off the wire; ok is false when they are not an
// HTTP request. With sign, the body is signed as Slack signs it (with a
// timestamp skew seconds off), over whatever headers came.
func rawRequest(path, head string, body []byte, sign bool, skew int64) (*http.Request, bool) {
	head = strings.ReplaceAll(strings.ReplaceAll(head, "\r\n", "\n"), "\n", "\r\n")
	if head != "" && !strings.HasSuffix(head, "\r\n") {
		head += "\r\n"
	}
	raw := "POST " + path + " HTTP/1.1\r\nHost: brief.example\r\n" + head + "\r\n"
	req, err := http.ReadRequest(bufio.NewReader(io.MultiReader(strings.NewReader(raw), bytes.NewReader(body))))
	if err != nil {
		return nil, false
	}
	got, err := io.ReadAll(io.LimitReader(req.Body, 2<<20))
	if err != nil {
		return nil, false
	}
	req.Body = io.NopCloser(bytes.NewReader(got))
	req.RequestURI = "" // a server-side request that ServeHTTP accepts
	if sign {
		ts := testNow.Unix() + skew%600
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign256(testSecret, ts, got))
	}
	return req, true
}

func sign256(secret string, ts int64, body []byte) string { return sign(secret, ts, string(body)) }

// fuzzRoute fuzzes one route with whole requests: arbitrary headers and
// bodies, signed or not. Whatever comes, the answer is one of the
// statuses a webhook gives; a refusal says nothing; and nothing unsigned
// gets past verification except Slack's ssl_check on the command URL.
func fuzzRoute(f *testing.F, path string, seeds ...string) {
	for _, s := range seeds {
		f.Add("Content-Type: application/x-www-form-urlencoded", []byte(s), true, int64(0))
		f.Add("Content-Type: application/x-www-form-urlencoded\nX-Slack-Signature: v0=00\nX-Slack-Request-Timestamp: 1", []byte(s), false, int64(0))
	}
	f.Add("Content-Type: application/json", []byte(`{"type":"url_verification","challenge":"c"}`), true, int64(-30))
	f.Add("Content-Type: application/x-www-form-urlencoded; charset=utf-8\nTransfer-Encoding: chunked", []byte("5\r\nssl_c\r\n0\r\n\r\n"), false, int64(0))
	f.Add("Content-Type: multipart/form-data; boundary=x", bytes.Repeat([]byte("a=b&"), 1000), true, int64(1<<40))
	f.Add("Content-Length: 3", []byte("a=b"), true, int64(400))
	st := newStandin(f)
	a := newTestAdapter(f, st, &fakeHandler{}, func(c *Config) {
		c.Now = func() time.Time { return testNow }
		c.HTTPClient = loopbackOnly() // a fuzzed response_url must reach nothing but this machine
	})
	mux := http.NewServeMux()
	a.Routes(mux)
	h := http.MaxBytesHandler(mux, httpserver.MaxBodyBytes)
	f.Fuzz(func(t *testing.T, head string, body []byte, signed bool, skew int64) {
		req, ok := rawRequest(path, head, body, signed, skew)
		if !ok {
			return
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case 200, 400, 401, 413:
		default:
			t.Fatalf("status %d for %q %q", w.Code, head, body)
		}
		if w.Code == 401 && w.Body.Len() != 0 {
			t.Fatalf("a refusal with a body: %q", w.Body.String())
		}
		if !signed && w.Code == 200 {
			form, err := url.ParseQuery(string(body))
			if path != "/slack/commands" || err != nil || form.Get("ssl_check") != "1" || w.Body.Len() != 0 {
				t.Fatalf("an unsigned request was served: %d %q for %q %q", w.Code, w.Body.String(), head, body)
			}
		}
	})
}

func FuzzCommandRequest(f *testing.F) {
	form := slashForm("ask <!channel> & <@U1>")
	form.Set("response_url", "http://127.0.0.1:9/r") // never a real host
	fuzzRoute(f, "/slack/commands", form.Encode(), slashForm("schedule 25:99").Encode(), "ssl_check=1&token=x", "text=%zz&channel_id=C1&user_id=U1", "")
}

func FuzzEventRequest(f *testing.F) {
	fuzzRoute(f, "/slack/events", `{"type":"event_callback","event":{"type":"app_mention","text":"<@U1> hi"}}`, `{"type":"url_verification","challenge":"x"}`, `[]`)
}

func FuzzInteractionRequest(f *testing.F) {
	payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[{"action_id":%q}]}`, ShareActionID)
	fuzzRoute(f, "/slack/interactions", url.Values{"payload": {payload}}.Encode(), "payload=%7B", "payload=null", "x=1")
}

// loopbackOnly is a client that connects to loopback addresses given as
// IPs, and refuses every other address before any lookup.
func loopbackOnly() *http.Client {
	var d net.Dialer
	return &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("test: %s is not a loopback address", addr)
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
}
