package httpserver

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limitListener bounds the connections open at once, like
// golang.org/x/net/netutil.LimitListener, but it does not let a flood of
// connections that do nothing keep the others out: at the cap, it closes
// the connection that has been idle between requests the longest (an
// HTTP client opens another when it needs one), or else one that has sent
// nothing at all for newGrace, to make room for the next. Connections
// with a request in progress are never closed. When every connection is
// busy, Accept waits for one to end.
type limitListener struct {
	net.Listener
	slots    chan struct{} // one token per open connection
	newGrace time.Duration
	now      func() time.Time

	mu      sync.Mutex
	conns   map[*trackedConn]connInfo
	evicted int

	wake      chan struct{} // a connection went idle: there may be room to make
	closeOnce sync.Once
	done      chan struct{}
}

type connInfo struct {
	state http.ConnState
	since time.Time
}

// evictRetry is how often a full listener looks again for a connection
// it may close (one silent past its grace), while it waits for one to end
// or go idle.
const evictRetry = 20 * time.Millisecond

func newLimitListener(l net.Listener, max int, newGrace time.Duration) *limitListener {
	return &limitListener{
		Listener: l,
		slots:    make(chan struct{}, max),
		newGrace: newGrace,
		now:      time.Now,
		conns:    make(map[*trackedConn]connInfo, max),
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
}

// Accept waits for room (making it when it can), then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	if !l.acquire() {
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	l.conns[tc] = connInfo{state: http.StateNew, since: l.now()}
	l.mu.Unlock()
	return tc, nil
}

func (l *limitListener) acquire() bool {
	for {
		select {
		case l.slots <- struct{}{}:
			return true
		case <-l.done:
			return false
		default:
		}
		if l.evict() {
			continue // the closed connection gave its slot back
		}
		t := time.NewTimer(evictRetry)
		select {
		case l.slots <- struct{}{}:
			t.Stop()
			return true
		case <-l.done:
			t.Stop()
			return false
		case <-l.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// evict closes the connection idle the longest, or else the oldest one
// that has sent nothing for newGrace, and reports whether it closed one.
func (l *limitListener) evict() bool {
	now := l.now()
	l.mu.Lock()
	var idle, silent *trackedConn
	var idleSince, silentSince time.Time
	for c, info := range l.conns {
		switch info.state {
		case http.StateIdle:
			if idle == nil || info.since.Before(idleSince) {
				idle, idleSince = c, info.since
			}
		case http.StateNew:
			if now.Sub(info.since) >= l.newGrace && (silent == nil || info.since.Before(silentSince)) {
				silent, silentSince = c, info.since
			}
		}
	}
	victim := idle
	if victim == nil {
		victim = silent
	}
	if victim != nil {
		l.evicted++
	}
	l.mu.Unlock()
	if victim == nil {
		return false
	}
	victim.Close()
	return true
}

// track is the server's ConnState hook.
func (l *limitListener) track(c net.Conn, state http.ConnState) {
	tc, ok := c.(*trackedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, open := l.conns[tc]; !open {
		return // closed already
	}
	switch state {
	case http.StateClosed:
		delete(l.conns, tc)
	default:
		l.conns[tc] = connInfo{state: state, since: l.now()}
	}
	if state == http.StateIdle {
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
}

// stats reports the connections open and how many were closed to make
// room.
func (l *limitListener) stats() (open, evicted int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns), l.evicted
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// trackedConn gives its slot back when it closes, once.
type trackedConn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
		<-c.l.slots
	})
	return err
}
