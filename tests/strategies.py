"""Hypothesis strategies for open-ended input: Chinese text as editors write it."""

from hypothesis import strategies as st

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
PUNCT = "，。、；：？！“”‘’（）《》【】——……·"
RARE = "赟堃喆昇玥䶮𠮷𬉼𠳐䏝"  # names: outside GB2312, some outside the BMP
LATIN = ["TOP30", "5.2%", "2023", "GDP", "36", "Hello", "world", "A/B", "10:30", "1,000"]


@st.composite
def chinese_text(draw, min_size=1, max_size=400):
    """Paragraph text as editors write it: Han with runs of punctuation, Latin words and
    numbers, stray spaces."""
    pieces = draw(st.lists(st.one_of(
        st.text(alphabet=HAN, min_size=1, max_size=12),
        st.text(alphabet=RARE, min_size=1, max_size=2),
        st.text(alphabet=PUNCT, min_size=1, max_size=3),
        st.sampled_from(LATIN),
        st.sampled_from([" ", "  ", "——", "……", "“", "”", "（", "）"]),
    ), min_size=min_size, max_size=max_size // 4))
    return "".join(pieces).strip() or "中文"
