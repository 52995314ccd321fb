package slack

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/router"
)

// maxCachedUsers bounds the admin cache; past it, the cache starts over.
const maxCachedUsers = 10_000

// adminCache answers "may this user change a channel's settings?": users
// in BRIEF_ADMINS may, without asking Slack; otherwise workspace admins
// and owners, as users.info says, remembered for a short while.
type adminCache struct {
	api    *slack.Client
	admins []string
	ttl    time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[string]cachedAdmin
}

type cachedAdmin struct {
	admin bool
	at    time.Time
}

func newAdminCache(api *slack.Client, admins []string, ttl time.Duration, now func() time.Time) *adminCache {
	return &adminCache{api: api, admins: slices.Clone(admins), ttl: ttl, now: now, users: make(map[string]cachedAdmin)}
}

// authorizer is the router's Authorizer for one user; it asks only when
// the command needs it.
func (c *adminCache) authorizer(userID string) router.Authorizer {
	return router.AuthorizerFunc(func(ctx context.Context) (bool, error) { return c.canManage(ctx, userID) })
}

func (c *adminCache) canManage(ctx context.Context, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	if slices.Contains(c.admins, userID) {
		return true, nil
	}
	now := c.now()
	c.mu.Lock()
	if e, ok := c.users[userID]; ok && now.Sub(e.at) < c.ttl {
		c.mu.Unlock()
		return e.admin, nil
	}
	c.mu.Unlock()
	u, err := c.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		return false, fmt.Errorf("slack: users.info %s: %w", userID, err)
	}
	admin := !u.Deleted && (u.IsAdmin || u.IsOwner || u.IsPrimaryOwner)
	c.mu.Lock()
	if len(c.users) >= maxCachedUsers {
		clear(c.users)
	}
	c.users[userID] = cachedAdmin{admin: admin, at: now}
	c.mu.Unlock()
	return admin, nil
}
