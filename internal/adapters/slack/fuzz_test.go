package slack

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// FuzzCommandBody sends arbitrary bodies, signed and not, with any
// content type, through verification and slash-command parsing: it must
// never panic, and must answer 200, 400, 401 or 413.
func FuzzCommandBody(f *testing.F) {
	f.Add([]byte(slashForm("help").Encode()), formType, true, int64(0))
	f.Add([]byte(slashForm("ask <!channel> & <@U1>").Encode()), formType, true, int64(-200))
	f.Add([]byte(""), formType, true, int64(0))
	f.Add([]byte("text=%zz&channel_id=C1&user_id=U1"), formType, true, int64(0))
	f.Add([]byte(`{"text":"help"}`), "application/json", true, int64(0))
	f.Add([]byte("channel_id=C1&user_id=U1&text=\xff\xfe"), formType+"; charset=utf-8", true, int64(400))
	f.Add([]byte("channel_id=C1&user_id=U1&text=schedule+25:99"), formType, false, int64(0))
	f.Add(bytes.Repeat([]byte("a=b&"), 1000), "multipart/form-data; boundary=x", true, int64(1<<40))
	st := newStandin(f)
	a := newTestAdapter(f, st, &fakeHandler{}, nil)
	h := a.signed(a.serveCommand, sslCheck)
	f.Fuzz(func(t *testing.T, body []byte, contentType string, signed bool, skew int64) {
		req := httptest.NewRequest(http.MethodPost, "/slack/commands", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		ts := testNow.Unix() + skew%1000
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		if signed {
			req.Header.Set("X-Slack-Signature", sign(testSecret, ts, string(body)))
		} else {
			req.Header.Set("X-Slack-Signature", "v0="+string(body[:min(len(body), 64)]))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case 200, 400, 401, 413:
		default:
			t.Errorf("status %d for %q", w.Code, body)
		}
		if w.Code == 401 && w.Body.Len() != 0 {
			t.Errorf("a refusal with a body: %q", w.Body.String())
		}
	})
}
