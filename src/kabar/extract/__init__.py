"""Understanding one article: entities with canonical names, quotes, quantities and dates."""

# The entity kinds kabar reports. Datasets with other tag sets map into these (kabar.extract.ner).
ENTITY_KINDS = ("PERSON", "ORG", "PLACE", "EVENT", "PRODUCT", "FOOD", "OTHER")
