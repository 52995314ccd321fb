package brief_test

import (
	"brief/internal/articlefile"
	"brief/internal/brief"
)

func init() { brief.Parse = articlefile.Parse }
