package eval

import "strings"

// Context holds the request's context keys. Keys are case-insensitive, as
// AWS treats condition key names; a key given several times is
// multivalued. A key that was never set is absent: nothing is guessed.
type Context struct {
	values map[string][]string
	names  map[string]string // lower-case key -> the spelling first given
}

// Add appends a value to key.
func (c *Context) Add(key, value string) {
	c.init(key)
	k := strings.ToLower(key)
	c.values[k] = append(c.values[k], value)
}

// SetEmpty makes key present with no values (an empty multivalued key).
func (c *Context) SetEmpty(key string) {
	c.init(key)
	k := strings.ToLower(key)
	if _, ok := c.values[k]; !ok {
		c.values[k] = []string{}
	}
}

func (c *Context) init(key string) {
	if c.values == nil {
		c.values = map[string][]string{}
		c.names = map[string]string{}
	}
	k := strings.ToLower(key)
	if _, ok := c.names[k]; !ok {
		c.names[k] = key
	}
}

// Get returns the values of key and whether it is present.
func (c Context) Get(key string) ([]string, bool) {
	v, ok := c.values[strings.ToLower(key)]
	return v, ok
}

// Has reports whether key is present.
func (c Context) Has(key string) bool {
	_, ok := c.values[strings.ToLower(key)]
	return ok
}
