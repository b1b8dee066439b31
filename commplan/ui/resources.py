"""Process-wide resources, cached once per server process."""

from __future__ import annotations

import streamlit as st
from spacy.language import Language

from audiences import AudienceSet, load_default_audiences
from commplan.nlp import get_nlp
from message_library import Library, load_default_library


@st.cache_resource(show_spinner="Loading the language pipeline…")
def nlp() -> Language:
    return get_nlp()


@st.cache_resource
def library() -> Library:
    return load_default_library()


@st.cache_resource
def audiences() -> AudienceSet:
    return load_default_audiences()
