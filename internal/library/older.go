package library

import (
	"sync"

	"brief/internal/brief"
	"brief/internal/store"
)

// olderKept is how many entries of articles before the window the library
// keeps at hand, so that showing one again does not brief it again.
const olderKept = 32

// A recentCache holds the entries of the articles before the window read
// most lately, the latest last.
type recentCache struct {
	mu   sync.Mutex
	list []*Entry
}

// get is the entry of the article whose id is id, if it is kept.
func (c *recentCache) get(id string) *Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.list {
		if e.Meta.ID == id {
			c.touch(i)
			return e
		}
	}
	return nil
}

// entry is the kept entry of the article, or a new one, kept.
func (c *recentCache) entry(a *brief.Article, m store.ArticleMeta) *Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.list {
		if e.Meta.ID == m.ID {
			c.touch(i)
			return e
		}
	}
	e := &Entry{Article: a, Meta: m}
	if len(c.list) == olderKept {
		c.list = append(c.list[:0], c.list[1:]...)
	}
	c.list = append(c.list, e)
	return e
}

// touch makes the i-th entry the latest.
func (c *recentCache) touch(i int) {
	e := c.list[i]
	c.list = append(append(c.list[:i], c.list[i+1:]...), e)
}
