{#- The print page's cover (rendered by mkdocs-print-site-plugin with `config` in scope). -#}
<div class="hb-cover">
  <p class="hb-cover__kicker">Kubernetes 面试与学习手册</p>
  <h1 class="hb-cover__title">{{ config.site_name }}</h1>
  <p class="hb-cover__subtitle">{{ config.site_description }}</p>
  <table class="hb-cover__facts">
    <tr><td>核对版本</td><td>Kubernetes v{{ config.extra.k8s_version }}</td></tr>
    <tr><td>构建日期</td><td>{{ config.extra.build_date }}</td></tr>
    <tr><td>在线阅读</td><td>{{ config.site_url }}</td></tr>
    <tr><td>许可</td><td>{{ config.copyright }}</td></tr>
  </table>
</div>
