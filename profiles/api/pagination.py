"""Page-number pagination for every API list: `?page=` and `?page_size=` (at most 100)."""

from rest_framework.pagination import PageNumberPagination

from profiles.pagination import COUNT_CAP, CappedPaginator


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CappedPagePagination(PagePagination):
    """Pages of a search: `count` stops at a cap (profiles/pagination.py) and `count_capped`
    says when there may be more, so no request counts every candidate."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page is not None else None
        response.data["count_capped"] = isinstance(paginator, CappedPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            f"Number of results, counted up to {COUNT_CAP}."
        )
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "True when there may be more results than `count`.",
        }
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema
