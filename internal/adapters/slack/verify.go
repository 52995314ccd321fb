package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxSkew is how far a request's timestamp may be from now, either way.
const MaxSkew = 5 * time.Minute

var (
	errUnsigned     = errors.New("slack: request is missing its signature headers")
	errBadSignature = errors.New("slack: request signature does not match")
	errStale        = errors.New("slack: request timestamp is more than 5 minutes off")
	errReplay       = errors.New("slack: request was seen before (replay)")
)

// A verifier checks Slack's request signatures.
type verifier struct {
	secret []byte
	now    func() time.Time
}

func newVerifier(secret string, now func() time.Time) *verifier {
	return &verifier{secret: []byte(secret), now: now}
}

// verify checks the v0 signature of body, as Slack computes it: hex
// HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret, with
// the timestamp within MaxSkew of now. It returns the request's replay
// key (the signature) and when the key can be forgotten: when the
// timestamp leaves the window, so that the same request is refused as
// stale.
func (v *verifier) verify(h http.Header, body []byte) (key string, expires time.Time, err error) {
	sig := h.Get("X-Slack-Signature")
	ts := h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return "", time.Time{}, errUnsigned
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(ts) > 12 {
		return "", time.Time{}, errStale
	}
	at := time.Unix(secs, 0)
	if d := v.now().Sub(at); d > MaxSkew || d < -MaxSkew {
		return "", time.Time{}, errStale
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return "", time.Time{}, errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return "", time.Time{}, errBadSignature
	}
	mac := hmac.New(sha256.New, v.secret)
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	want := mac.Sum(nil)
	if !hmac.Equal(got, want) {
		return "", time.Time{}, errBadSignature
	}
	return Platform + ":" + hex.EncodeToString(want), at.Add(MaxSkew), nil
}
