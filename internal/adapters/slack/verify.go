package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxSkew is how far a request's timestamp may be from now, either way.
const MaxSkew = 5 * time.Minute

// maxSeen bounds the replay memory; Slack would have to send more than
// this many signed requests within 10 minutes for it to matter.
const maxSeen = 100_000

var (
	errUnsigned     = errors.New("slack: request is missing its signature headers")
	errBadSignature = errors.New("slack: request signature does not match")
	errStale        = errors.New("slack: request timestamp is more than 5 minutes off")
	errReplay       = errors.New("slack: request was seen before (replay)")
)

// A verifier checks Slack's request signatures and refuses replays.
type verifier struct {
	secret []byte
	now    func() time.Time

	mu    sync.Mutex
	seen  map[string]time.Time // signature → when it can be forgotten
	order []seenSig            // insertion order, for expiry and the bound
}

type seenSig struct {
	sig    string
	expiry time.Time
}

func newVerifier(secret string, now func() time.Time) *verifier {
	return &verifier{secret: []byte(secret), now: now, seen: make(map[string]time.Time)}
}

// verify checks the v0 signature of body, as Slack computes it: hex
// HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret. The
// timestamp must be within MaxSkew of now, and the signature must not
// have been seen before.
func (v *verifier) verify(h http.Header, body []byte) error {
	sig := h.Get("X-Slack-Signature")
	ts := h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return errUnsigned
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(ts) > 12 {
		return errStale
	}
	now := v.now()
	at := time.Unix(secs, 0)
	if d := now.Sub(at); d > MaxSkew || d < -MaxSkew {
		return errStale
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return errBadSignature
	}
	mac := hmac.New(sha256.New, v.secret)
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	if !v.remember(strings.ToLower(hexSig), at.Add(MaxSkew), now) {
		return errReplay
	}
	return nil
}

// remember records a signature until expiry and reports whether it is
// new. Expired signatures are forgotten as new ones arrive.
func (v *verifier) remember(sig string, expiry, now time.Time) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for len(v.order) > 0 && (v.order[0].expiry.Before(now) || len(v.order) >= maxSeen) {
		old := v.order[0]
		if v.seen[old.sig].Equal(old.expiry) {
			delete(v.seen, old.sig)
		}
		v.order[0] = seenSig{}
		v.order = v.order[1:]
	}
	if exp, ok := v.seen[sig]; ok && !exp.Before(now) {
		return false
	}
	v.seen[sig] = expiry
	v.order = append(v.order, seenSig{sig, expiry})
	return true
}
