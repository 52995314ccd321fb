package brief

// Parse reads an article file's bytes, for the tests of this package that
// start from a file: articlefile.Parse, which imports this package and so
// is set by parse_ext_test.go, in the external test package.
var Parse func(path string, data []byte) (*Article, error)
