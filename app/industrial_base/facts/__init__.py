"""Each published figure, computed once: the domain modules that the validator's rules, the fact check, the
pages' cards and Sources & methods all call (little giants, clusters, value added, the tech share)."""
