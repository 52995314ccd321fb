package textsafe

import (
	"net/url"
	"strings"
	"unicode"
)

// Redacted replaces the value of a query parameter that looks like a
// credential.
const Redacted = "redacted"

// RedactURL returns raw fit to log or show: without the user name and
// password (https://alice:secret@example.com/ becomes
// https://example.com/), and with the values of query (and fragment)
// parameters named like credentials, such as token, access_token, key,
// api_key, secret, password and sig, replaced by "redacted". An address
// with nothing to hide comes back unchanged; one that does not parse
// loses whatever sits before an "@" in its host part all the same.
func RedactURL(raw string) string {
	out := redact(raw)
	// Odd forms ("//@//@") can show a new user part once the first goes.
	for range 3 {
		if !HasCredentials(out) {
			return out
		}
		out = redactUnparsed(out)
	}
	return Redacted
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return redactUnparsed(raw)
	}
	changed := false
	if u.User != nil {
		u.User = nil
		changed = true
	}
	if q, ok := redactParams(u.RawQuery); ok {
		u.RawQuery = q
		changed = true
	}
	if u.Fragment != "" && strings.Contains(u.Fragment, "=") {
		if f, ok := redactParams(u.EscapedFragment()); ok {
			if frag, err := url.PathUnescape(f); err == nil {
				u.Fragment, u.RawFragment = frag, f
				changed = true
			}
		}
	}
	if !changed {
		return raw
	}
	return u.String()
}

// HasCredentials reports whether raw carries a user name or password
// (scheme://user:password@host/).
func HasCredentials(raw string) bool {
	if u, err := url.Parse(raw); err == nil && u.Opaque == "" {
		return u.User != nil
	}
	_, at := authority(raw)
	return at >= 0
}

// redactUnparsed handles what url.Parse refuses or reads as opaque
// ("alice:secret@host/x"): the part of the host before its last "@"
// goes, and credential-like parameters are redacted by hand.
func redactUnparsed(raw string) string {
	out := raw
	if start, at := authority(raw); at >= 0 {
		out = raw[:start] + raw[at+1:]
	}
	if i := strings.IndexAny(out, "?#"); i >= 0 {
		if q, ok := redactParams(out[i+1:]); ok {
			out = out[:i+1] + q
		}
	}
	return out
}

// authority finds the host part of raw (after "scheme://", or from the
// start when there is none) and the last "@" in it: the part's start, and
// the "@"'s index or -1.
func authority(raw string) (start, at int) {
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
	} else if strings.HasPrefix(raw, "//") {
		start = 2
	}
	end := len(raw)
	if j := strings.IndexAny(raw[start:], "/?#"); j >= 0 {
		end = start + j
	}
	at = strings.LastIndex(raw[start:end], "@")
	if at >= 0 {
		at += start
	}
	return start, at
}

// redactParams redacts the values of credential-like parameters in a
// query string, keeping every other byte as it was. ok reports a change.
func redactParams(q string) (string, bool) {
	if q == "" {
		return q, false
	}
	parts := strings.Split(q, "&")
	changed := false
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if !sensitive(name) {
			continue
		}
		kept, value, _ := strings.Cut(p, "=")
		if !hasValue || value == Redacted {
			continue // a bare name carries no value
		}
		parts[i] = kept + "=" + Redacted
		changed = true
	}
	return strings.Join(parts, "&"), changed
}

// Words that make a parameter name a credential's, as whole words of the
// name (access_token, X-Amz-Signature, apiKey) or, for the first group,
// as its end (apikey, accesstoken, clientsecret).
var (
	secretEndings = []string{"token", "key", "secret", "password", "passwd", "signature", "sig"}
	secretWords   = map[string]bool{
		"token": true, "key": true, "secret": true, "password": true, "passwd": true, "pwd": true, "pass": true,
		"sig": true, "signature": true, "auth": true, "authorization": true, "credential": true, "credentials": true,
		"session": true, "sessionid": true, "jwt": true,
	}
)

func sensitive(name string) bool {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if prevLower {
				flush() // camelCase: apiKey
			}
			cur = append(cur, r)
			prevLower = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
			prevLower = true
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	for _, w := range words {
		if secretWords[w] {
			return true
		}
	}
	joined := strings.Join(words, "")
	for _, e := range secretEndings {
		if strings.HasSuffix(joined, e) {
			return true
		}
	}
	return false
}

// CredentialsRefused is what a person reads who gives a link with a user
// name or password in it: such a link is never fetched, kept or shown.
const CredentialsRefused = "A link with a user name or password in it can't be added: " +
	"remove the part before the @ and try again. brief never sends, keeps or shows passwords."
