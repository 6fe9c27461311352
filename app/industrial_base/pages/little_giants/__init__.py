"""Little giants: batches, stock and reviews, geography and industry, and the numbers the commentary quotes.

Pure: frames in, frames / figures / numbers out. Final MIIT counts and publicity-list compilations are kept
apart everywhere; a figure nobody published is labelled "not published", never filled in. Words come from the
page catalogue (`little_giants.*`) through the `Messages` passed in; names the data holds in English only go
through `m.data_name`, province names through `m.name`.
"""
