"""The indicators of the Service Standards.

`definitions` is the declared table (code, section, formula, unit, direction);
`computing` turns the figures of one period and scope into a `Measure`; `figures`
fetches those figures once through the other apps' selectors; `measures` holds the
small value types they share.
"""
