{#- The cover of the print page and the PDF (rendered by mkdocs-print-site-plugin with `config` in scope;
    styled by overrides/print/print.css). The title is not a heading: the outline starts at the contents. -#}
<div class="hb-cover">
  <div class="hb-cover__band">
    <p class="hb-cover__series">KUBERNETES · 面试与学习</p>
    <p class="hb-cover__title">{{ config.site_name }}</p>
    <p class="hb-cover__subtitle">{{ config.site_description }}</p>
  </div>
  <dl class="hb-cover__facts">
    <dt>核对版本</dt><dd>Kubernetes v{{ config.extra.k8s_version }}</dd>
    {%- if config.extra.book_version %}
    <dt>版本</dt><dd>{{ config.extra.book_version }}</dd>
    {%- endif %}
    <dt>构建日期</dt><dd>{{ config.extra.build_date }}</dd>
    <dt>在线阅读</dt><dd>{{ config.site_url }}</dd>
  </dl>
  <p class="hb-cover__publisher">{{ config.site_author }} · 正文以 CC BY-SA 4.0 发布</p>
</div>
